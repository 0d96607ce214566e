// Turns a menu item request into menu_items columns, checking everything before anything is written: shape rules
// the contract cannot express (add-on max ≤ number of add-ons, unique ids, stored document sizes) are 400
// validation_failed; rules about this restaurant's data (the category is its own, kept ids exist on the item, veg
// consistency) are 422 unprocessable.
import { Query } from "node-appwrite";
import type { z } from "zod";
import { ApiError, issuesOf } from "@chizze/contracts/errors";
import type { MenuItemInput } from "@chizze/contracts/api/restaurant";
import { deterministicId } from "@chizze/core";
import { T, type AddonGroups, type DataOf, type PatchOf, type Variants } from "@chizze/schema";
import type { Deps } from "../deps";
import type { RestaurantRow } from "../restaurant-admin/view";
import { storedAddonGroups, storedVariants, type MenuItemRow } from "./view";

type ItemInput = z.infer<typeof MenuItemInput>;
type ItemFields = Partial<ItemInput>;
type Issue = { path: string; message: string };
export type ItemPatch = PatchOf<typeof T.menu_items>;
export type ItemData = DataOf<typeof T.menu_items>;

const VARIANTS_MAX_CHARS = 2_000; // schema menu_items.variants
const ADDONS_MAX_CHARS = 20_000; // schema menu_items.addon_groups
const SORT_MAX = 10_000;
const BESTSELLER_TAG = "bestseller";

/** A fresh id for a variant / add-on group / add-on, unique within the item. */
function freshId(prefix: string, itemId: string, path: string): string {
  return deterministicId(prefix, [itemId, path, crypto.randomUUID()]);
}

function duplicates(ids: readonly (string | undefined)[]): Set<string> {
  const seen = new Set<string>();
  const dup = new Set<string>();
  for (const id of ids) if (id !== undefined) (seen.has(id) ? dup : seen).add(id);
  return dup;
}

class Checks {
  readonly invalid: Issue[] = [];
  readonly semantic: string[] = [];
  bad(path: string, message: string): void {
    this.invalid.push({ path: `body.${path}`, message });
  }
  unprocessable(message: string): void {
    this.semantic.push(message);
  }
  throwIfAny(): void {
    if (this.invalid.length > 0) throw new ApiError("validation_failed", "Invalid body", { errors: this.invalid });
    if (this.semantic.length > 0) throw new ApiError("unprocessable", this.semantic.join("; "));
  }
}

function variantsDoc(input: NonNullable<ItemInput["variants"]>, existing: Variants, itemId: string, isUpdate: boolean, c: Checks): Variants {
  for (const id of duplicates(input.map((v) => v.id))) c.bad("variants", `Variant id ${id} is used twice`);
  const byId = new Map(existing.map((v) => [v.id, v]));
  const out: Variants = input.map((v, i) => {
    const old = v.id !== undefined ? byId.get(v.id) : undefined;
    if (isUpdate && v.id !== undefined && !old) c.unprocessable(`variants.${i}.id ${v.id} is not a variant of this item (omit the id to add one)`);
    return { id: v.id ?? freshId("var", itemId, `v${i}`), name: v.name, pricePaise: v.pricePaise, isDefault: false, isAvailable: old?.isAvailable ?? true };
  });
  // Exactly one default: the previous default if it is kept, else the first.
  const keptDefault = out.find((v) => byId.get(v.id)?.isDefault === true);
  const def = keptDefault ?? out[0];
  if (def) def.isDefault = true;
  return out;
}

function addonGroupsDoc(input: NonNullable<ItemInput["addonGroups"]>, existing: AddonGroups, itemId: string, isUpdate: boolean, c: Checks): AddonGroups {
  for (const id of duplicates(input.map((g) => g.id))) c.bad("addonGroups", `Add-on group id ${id} is used twice`);
  for (const id of duplicates(input.flatMap((g) => g.addons.map((a) => a.id)))) c.bad("addonGroups", `Add-on id ${id} is used twice`);
  const groups = new Map(existing.map((g) => [g.id, g]));
  const options = new Map(existing.flatMap((g) => g.options.map((o) => [o.id, o] as const)));
  return input.map((g, i) => {
    // The contract checks min ≤ max and min ≤ count; the stored document also needs max ≤ count (AddonGroupsDoc).
    if (g.min > g.max) c.bad(`addonGroups.${i}.min`, "min must not exceed max");
    if (g.max > g.addons.length) c.bad(`addonGroups.${i}.max`, `max (${g.max}) must not exceed the number of add-ons (${g.addons.length})`);
    if (isUpdate && g.id !== undefined && !groups.has(g.id)) c.unprocessable(`addonGroups.${i}.id ${g.id} is not an add-on group of this item`);
    return {
      id: g.id ?? freshId("adg", itemId, `g${i}`),
      name: g.name,
      minSelect: g.min,
      maxSelect: g.max,
      options: g.addons.map((a, j) => {
        const old = a.id !== undefined ? options.get(a.id) : undefined;
        if (isUpdate && a.id !== undefined && !old) c.unprocessable(`addonGroups.${i}.addons.${j}.id ${a.id} is not an add-on of this item`);
        return { id: a.id ?? freshId("adn", itemId, `g${i}a${j}`), name: a.name, pricePaise: a.pricePaise, isVeg: a.isVeg, isAvailable: old?.isAvailable ?? true };
      }),
    };
  });
}

async function checkCategory(deps: Deps, restaurant: RestaurantRow, categoryId: string, c: Checks): Promise<void> {
  const category = await deps.db.menu_categories.get(categoryId);
  if (!category || category.restaurant_id !== restaurant.$id) c.unprocessable(`categoryId ${categoryId} is not a category of this restaurant's menu`);
}

/** Next free place at the end of a category (the order the menu shows). */
async function endOfCategory(deps: Deps, categoryId: string): Promise<number> {
  const last = await deps.db.menu_items.list([Query.equal("category_id", categoryId), Query.orderDesc("sort_order")], { limit: 1 });
  const top = last.rows[0]?.sort_order ?? -10;
  return Math.min(SORT_MAX, top + 10);
}

/**
 * The columns a create (existing = null) or an update writes, after every check. Only the fields present in
 * `input` are written on update; rules that span fields (veg consistency) are checked on the resulting item.
 */
export async function prepareItemColumns(deps: Deps, restaurant: RestaurantRow, itemId: string, input: ItemFields, existing: MenuItemRow | null): Promise<ItemPatch> {
  const c = new Checks();
  const isUpdate = existing !== null;
  const patch: ItemPatch = {};

  if (input.categoryId !== undefined && input.categoryId !== existing?.category_id) patch.category_id = input.categoryId;
  if (input.name !== undefined) patch.name = input.name;
  if (input.description !== undefined) patch.description = input.description === "" ? null : input.description;
  if (input.imageUrl !== undefined) patch.image_url = input.imageUrl;
  if (input.pricePaise !== undefined) patch.price_paise = input.pricePaise;
  if (input.isVeg !== undefined) patch.is_veg = input.isVeg;
  if (input.allergens !== undefined) patch.allergens = [...new Set(input.allergens)];
  if (input.sortOrder !== undefined) patch.sort_order = input.sortOrder;
  if (input.isBestseller !== undefined) {
    patch.is_bestseller = input.isBestseller;
    const tags = (existing?.tags ?? []).filter((t) => t !== BESTSELLER_TAG);
    patch.tags = input.isBestseller ? [BESTSELLER_TAG, ...tags] : tags;
  }
  if (input.inStock !== undefined) {
    // Sold out today: off the menu and nothing left to order (the order transaction's stock check refuses it too).
    // Back in stock: on the menu again, and a count that had run out no longer limits it (null = unlimited).
    patch.is_available = input.inStock;
    if (!input.inStock) patch.stock = 0;
    else if (existing?.stock === 0) patch.stock = null;
  }

  let variants = existing ? storedVariants(existing) : [];
  if (input.variants !== undefined) {
    variants = variantsDoc(input.variants, variants, itemId, isUpdate, c);
    const json = variants.length > 0 ? JSON.stringify(variants) : null;
    if (json && json.length > VARIANTS_MAX_CHARS) c.bad("variants", "Variants are too long to store; shorten the names");
    patch.variants = json;
  }
  let groups = existing ? storedAddonGroups(existing) : [];
  if (input.addonGroups !== undefined) {
    groups = addonGroupsDoc(input.addonGroups, groups, itemId, isUpdate, c);
    const json = groups.length > 0 ? JSON.stringify(groups) : null;
    if (json && json.length > ADDONS_MAX_CHARS) c.bad("addonGroups", "Add-on groups are too long to store; shorten the names");
    patch.addon_groups = json;
  }

  // menu_items has no serving-window columns yet: refuse rather than silently drop a window the owner set.
  if ((input.availableFrom ?? null) !== null || (input.availableTo ?? null) !== null) {
    c.unprocessable("Serving windows (availableFrom/availableTo) are not supported yet; send null or leave them out");
  }

  const isVeg = input.isVeg ?? existing?.is_veg ?? false;
  if (!isVeg && restaurant.is_veg_only) c.unprocessable("This is a pure-veg restaurant: every item must be veg");
  if (isVeg && groups.some((g) => g.options.some((o) => !o.isVeg))) c.unprocessable("A veg item cannot offer non-veg add-ons");

  const categoryId = input.categoryId ?? existing?.category_id;
  if (input.categoryId !== undefined && categoryId !== undefined) await checkCategory(deps, restaurant, categoryId, c);
  c.throwIfAny();

  if (!existing && input.sortOrder === undefined && categoryId !== undefined) patch.sort_order = await endOfCategory(deps, categoryId);
  return patch;
}

/** Last line of defence before a write: the row schema (a failure here is a bug in the mapping, answered 400 not 500). */
export function checkedData(data: ItemData): ItemData {
  const r = T.menu_items.data.safeParse(data);
  if (!r.success) throw new ApiError("validation_failed", "Invalid menu item", { errors: issuesOf(r.error).map((i) => ({ ...i, path: `body.${i.path}` })) });
  return data;
}

export function checkedPatch(patch: ItemPatch): ItemPatch {
  const r = T.menu_items.patch.safeParse(patch);
  if (!r.success) throw new ApiError("validation_failed", "Invalid menu item", { errors: issuesOf(r.error).map((i) => ({ ...i, path: `body.${i.path}` })) });
  return patch;
}
