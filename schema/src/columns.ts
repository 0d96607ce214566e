// Column groups shared by several tables, so a quote and the order made from it carry the same amounts.
import { paise } from "./dsl";

/**
 * The full price breakdown (production-architecture §4 pricing; contracts' Amounts).
 * total_paise = item_total + packaging + delivery_fee + surge + platform_fee + gst_food + gst_fees + tip − discount.
 */
export function amountColumns() {
  return {
    item_total_paise: paise({ required: true, description: "Sum of priced lines" }),
    packaging_paise: paise({ required: true }),
    delivery_fee_paise: paise({ required: true, description: "Delivery fee by distance band" }),
    surge_paise: paise({ required: true, description: "Zone surge; 0 when none" }),
    platform_fee_paise: paise({ required: true }),
    gst_food_paise: paise({ required: true, description: "5% GST on food, paid by Chizze as e-commerce operator (CGST Act s.9(5))" }),
    gst_fees_paise: paise({ required: true, description: "18% GST on packaging, delivery and platform fees" }),
    discount_paise: paise({ required: true }),
    tip_paise: paise({ required: true }),
    total_paise: paise({ required: true }),
  };
}

export const AMOUNT_COLUMN_KEYS = Object.keys(amountColumns()) as (keyof ReturnType<typeof amountColumns>)[];
