// menu_items row → the API's MenuItem (the same shape the public menu shows).
import type { z } from "zod";
import { Url } from "@chizze/contracts/common";
import type { MenuItem } from "@chizze/contracts/api/catalog";
import { AddonGroupsDoc, VariantsDoc, type AddonGroups, type RowOf, type T, type Variants } from "@chizze/schema";

export type MenuItemRow = RowOf<typeof T.menu_items>;

function parseDoc<S extends typeof VariantsDoc | typeof AddonGroupsDoc>(schema: S, text: string | null | undefined): z.output<S> {
  if (!text) return [] as z.output<S>;
  try {
    const r = schema.safeParse(JSON.parse(text));
    return (r.success ? r.data : []) as z.output<S>;
  } catch {
    return [] as z.output<S>;
  }
}

export const storedVariants = (row: MenuItemRow): Variants => parseDoc(VariantsDoc, row.variants);
export const storedAddonGroups = (row: MenuItemRow): AddonGroups => parseDoc(AddonGroupsDoc, row.addon_groups);

/**
 * The owner's view shows every variant and add-on (also ones switched off), so a PATCH that replaces the lists can
 * keep them. The two flags read the row as the public menu does (catalog/view.ts): `isAvailable` is the kitchen's
 * toggle (`is_available`; menu_items has no serving-window columns yet), `inStock` is the counted stock (null =
 * unlimited). The owner's `inStock` input moves both (prepare.ts), so the two views of one row agree.
 */
export function toMenuItem(row: MenuItemRow): z.infer<typeof MenuItem> {
  const image = Url.safeParse(row.image_url);
  return {
    id: row.$id,
    categoryId: row.category_id,
    name: row.name,
    description: row.description ?? null,
    imageUrl: image.success ? image.data : null,
    pricePaise: row.price_paise,
    variants: storedVariants(row).map((v) => ({ id: v.id, name: v.name, pricePaise: v.pricePaise })),
    addonGroups: storedAddonGroups(row).map((g) => ({
      id: g.id,
      name: g.name,
      min: g.minSelect,
      max: g.maxSelect,
      addons: g.options.map((o) => ({ id: o.id, name: o.name, pricePaise: o.pricePaise, isVeg: o.isVeg })),
    })),
    isVeg: row.is_veg,
    allergens: [...(row.allergens ?? [])],
    isAvailable: row.is_available !== false,
    inStock: row.stock === null || row.stock === undefined || row.stock > 0,
    isBestseller: row.is_bestseller ?? false,
    sortOrder: row.sort_order ?? 0,
  };
}
