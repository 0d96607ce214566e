import { describe, expect, expectTypeOf, it } from "vitest";
import { T, tables } from "./index";
import type { OrderStatus, PaymentStatus, Row, RowData, RowPatch } from "./index";

const NOW = "2026-11-26T12:30:00.000+00:00";
const system = { $id: "ord_01J9ZQ4W8K3M5N7P", $sequence: "42", $tableId: "orders", $databaseId: "chizze", $createdAt: NOW, $updatedAt: NOW, $permissions: ['read("user:u_cust1")'] };

const lines = [
  {
    itemId: "itm_paneer",
    variantId: "var_full",
    name: "Paneer Butter Masala",
    variantName: "Full",
    isVeg: true,
    quantity: 2,
    unitPaise: 27900,
    addons: [{ id: "add_butter", name: "Extra butter", pricePaise: 3000 }],
    notes: null,
    totalPaise: 55800,
  },
];

const address = {
  addressId: "adr_home",
  label: "Home",
  line1: "Flat 4B, Prestige Tower",
  line2: null,
  landmark: "Opp. metro",
  locality: "Indiranagar",
  city: "Bengaluru",
  state: "Karnataka",
  pincode: "560038",
  lat: 12.9719,
  lng: 77.6412,
  contactName: "Asha",
  contactPhone: "+919876543210",
};

const orderData: RowData<"orders"> = {
  order_number: "CHZ-261126-0042",
  customer_id: "u_cust1",
  restaurant_id: "rst_meghana",
  restaurant_owner_id: "u_owner1",
  restaurant_name: "Meghana Foods",
  quote_id: "qte_01J9ZQ",
  idempotency_key_hash: "a".repeat(64),
  status: "placed",
  dispatch_state: "searching",
  payment_method: "online",
  payment_status: "captured",
  version: 2,
  items: JSON.stringify(lines),
  item_total_paise: 55800,
  packaging_paise: 2000,
  delivery_fee_paise: 3500,
  surge_paise: 0,
  platform_fee_paise: 500,
  gst_food_paise: 2790,
  gst_fees_paise: 1080,
  discount_paise: 5000,
  tip_paise: 2000,
  total_paise: 62670,
  delivery_address: JSON.stringify(address),
  delivery_lat: 12.9719,
  delivery_lng: 77.6412,
  distance_m: 3200,
  city: "Bengaluru",
  placed_at: NOW,
  paid_at: NOW,
  razorpay_order_id: "order_EKwxwAgItmmXdp",
};

// What Appwrite returns: every column present, unset ones null, defaults filled.
function storedRow(table: (typeof tables)[number], data: Record<string, unknown>): Record<string, unknown> {
  const row: Record<string, unknown> = { ...system };
  for (const c of table.columnSpecs) row[c.key] = c.key in data ? data[c.key] : c.default;
  return row;
}

describe("row and data schemas", () => {
  it("a realistic order parses as create data and as a stored row", () => {
    expect(T.orders.data.parse(orderData)).toMatchObject({ order_number: "CHZ-261126-0042" });
    const row = T.orders.row.parse(storedRow(T.orders, orderData));
    expect(row.delivery_otp_attempts).toBe(0);
    expect(row.delivery_partner_id).toBeNull();
    expect(row.$id).toBe(system.$id);
  });

  it.each([
    ["negative paise", { total_paise: -1 }],
    ["fractional paise", { tip_paise: 10.5 }],
    ["unknown status", { status: "shipped" }],
    ["unknown payment status", { payment_status: "paid" }],
    ["bad order number", { order_number: "42" }],
    ["id with a leading dot", { customer_id: ".u1" }],
    ["id over 36 chars", { restaurant_id: "r".repeat(37) }],
    ["items not JSON", { items: "[{" }],
    ["items of the wrong shape", { items: JSON.stringify([{ itemId: "x" }]) }],
    ["address with a bad pincode", { delivery_address: JSON.stringify({ ...address, pincode: "06003" }) }],
    ["latitude out of range", { delivery_lat: 91 }],
    ["datetime without offset", { placed_at: "2026-11-26 12:30" }],
    ["unknown column", { discount_code: "X" }],
  ])("rejects an order with %s", (_, patch) => {
    expect(T.orders.data.safeParse({ ...orderData, ...patch }).success).toBe(false);
  });

  it("rejects an order missing a required column", () => {
    const { customer_id: _omit, ...rest } = orderData;
    expect(T.orders.data.safeParse(rest).success).toBe(false);
  });

  it("a stored row with null in a required column is rejected", () => {
    expect(T.orders.row.safeParse({ ...storedRow(T.orders, orderData), status: null }).success).toBe(false);
  });

  it("patch accepts any subset and still rejects unknown keys and bad values", () => {
    expect(T.orders.patch.safeParse({ status: "accepted", version: 3, accepted_at: NOW }).success).toBe(true);
    expect(T.orders.patch.safeParse({}).success).toBe(true);
    expect(T.orders.patch.safeParse({ status: "accepted", hacked: true }).success).toBe(false);
    expect(T.orders.patch.safeParse({ version: -1 }).success).toBe(false);
  });

  it.each(tables.map((t) => ({ id: t.id, t })))("$id: data rejects unknown keys", ({ t }) => {
    const result = t.data.safeParse({ definitely_not_a_column: 1 });
    expect(result.success).toBe(false);
    expect(JSON.stringify(result.error?.issues)).toContain("definitely_not_a_column");
  });

  it("a menu item with variants and add-ons parses; a broken add-on group does not", () => {
    const groups = [
      {
        id: "grp_extras",
        name: "Extras",
        minSelect: 0,
        maxSelect: 2,
        options: [
          { id: "opt_cheese", name: "Cheese", pricePaise: 3000, isVeg: true, isAvailable: true },
          { id: "opt_egg", name: "Egg", pricePaise: 2000, isVeg: false, isAvailable: true },
        ],
      },
    ];
    const item: RowData<"menu_items"> = {
      restaurant_id: "rst_meghana",
      category_id: "cat_biryani",
      name: "Chicken Biryani",
      price_paise: 32000,
      is_veg: false,
      allergens: ["milk", "tree_nuts"],
      spice_level: "hot",
      variants: JSON.stringify([
        { id: "var_half", name: "Half", pricePaise: 22000, isDefault: false, isAvailable: true },
        { id: "var_full", name: "Full", pricePaise: 32000, isDefault: true, isAvailable: true },
      ]),
      addon_groups: JSON.stringify(groups),
      stock: null,
    };
    expect(T.menu_items.data.safeParse(item).success).toBe(true);
    expect(T.menu_items.data.safeParse({ ...item, allergens: ["nuts"] }).success).toBe(false);
    const broken = [{ ...groups[0], minSelect: 3 }];
    expect(T.menu_items.data.safeParse({ ...item, addon_groups: JSON.stringify(broken) }).success).toBe(false);
    expect(T.menu_items.data.safeParse({ ...item, stock: -1 }).success).toBe(false);
  });

  it("restaurant hours must be one entry per weekday with HH:MM slots", () => {
    const base: RowData<"restaurants"> = {
      owner_id: "u_owner1",
      name: "Meghana Foods",
      slug: "meghana-foods-indiranagar",
      address: "100 Feet Rd, Indiranagar",
      city: "Bengaluru",
      lat: 12.97,
      lng: 77.64,
      gstin: "29ABCDE1234F1Z5",
      fssai_license: "11223344556677",
    };
    const hours = [{ day: "mon", slots: [{ opens: "11:00", closes: "23:30" }] }];
    expect(T.restaurants.data.safeParse({ ...base, hours: JSON.stringify(hours) }).success).toBe(true);
    expect(T.restaurants.data.safeParse({ ...base, hours: JSON.stringify([...hours, ...hours]) }).success).toBe(false);
    expect(T.restaurants.data.safeParse({ ...base, hours: JSON.stringify([{ day: "mon", slots: [{ opens: "25:00", closes: "23:30" }] }]) }).success).toBe(false);
    expect(T.restaurants.data.safeParse({ ...base, gstin: "29ABCDE1234F1X5" }).success).toBe(false);
    expect(T.restaurants.data.safeParse({ ...base, rating: 5.5 }).success).toBe(false);
  });

  it("ledger accounts follow the account grammar", () => {
    const entry: RowData<"ledger_entries"> = {
      txn_id: "capture:pay_29QQoUBi66xm2f",
      order_id: "ord_1",
      account: "restaurant:rst_meghana",
      direction: "credit",
      amount_paise: 45000,
      kind: "restaurant_share",
      at: NOW,
    };
    expect(T.ledger_entries.data.safeParse(entry).success).toBe(true);
    expect(T.ledger_entries.data.safeParse({ ...entry, account: "razorpay_clearing" }).success).toBe(true);
    expect(T.ledger_entries.data.safeParse({ ...entry, account: "restaurants:rst_1" }).success).toBe(false);
    expect(T.ledger_entries.data.safeParse({ ...entry, account: "partner:" }).success).toBe(false);
    expect(T.ledger_entries.data.safeParse({ ...entry, direction: "in" }).success).toBe(false);
    expect(T.ledger_entries.data.safeParse({ ...entry, amount_paise: -5 }).success).toBe(false);
  });

  it("payouts allow a negative adjustment but never a negative net", () => {
    const payout: RowData<"payouts"> = {
      payee_type: "partner",
      payee_id: "dp_1",
      period_start: "2026-11-16T18:30:00.000+00:00",
      period_end: "2026-11-23T18:30:00.000+00:00",
      gross_paise: 500000,
      commission_paise: 0,
      tds_paise: 5000,
      adjustment_paise: -2000,
      net_paise: 493000,
      idempotency_key: "payout:partner:dp_1:2026-W47",
      status: "pending",
      created_at: NOW,
    };
    expect(T.payouts.data.safeParse(payout).success).toBe(true);
    expect(T.payouts.data.safeParse({ ...payout, net_paise: -1 }).success).toBe(false);
  });

  it("payment events need a valid event id and a JSON object payload", () => {
    const ev: RowData<"payment_events"> = {
      event_id: "KXj2fTnK2Ljz3s",
      event_type: "payment.captured",
      razorpay_order_id: "order_EKwxwAgItmmXdp",
      razorpay_payment_id: "pay_29QQoUBi66xm2f",
      status: "recorded",
      payload: JSON.stringify({ event: "payment.captured", payload: { payment: { entity: { amount: 62670 } } } }),
      received_at: NOW,
    };
    expect(T.payment_events.data.safeParse(ev).success).toBe(true);
    expect(T.payment_events.data.safeParse({ ...ev, payload: "[1,2]" }).success).toBe(false);
    expect(T.payment_events.data.safeParse({ ...ev, status: "done" }).success).toBe(false);
    expect(T.payment_events.data.safeParse({ ...ev, razorpay_payment_id: "pay 1" }).success).toBe(false);
  });

  it("delivery locations and reviews enforce their ranges", () => {
    const loc: RowData<"delivery_locations"> = { order_id: "ord_1", partner_id: "dp_1", lat: 12.97, lng: 77.64, heading: 270, speed_mps: 8.2, accuracy_m: 12, recorded_at: NOW };
    expect(T.delivery_locations.data.safeParse(loc).success).toBe(true);
    expect(T.delivery_locations.data.safeParse({ ...loc, heading: 361 }).success).toBe(false);
    const review: RowData<"reviews"> = { order_id: "ord_1", restaurant_id: "rst_1", customer_id: "u_1", food_rating: 5, created_at: NOW };
    expect(T.reviews.data.safeParse(review).success).toBe(true);
    expect(T.reviews.data.safeParse({ ...review, food_rating: 0 }).success).toBe(false);
    expect(T.reviews.data.safeParse({ ...review, food_rating: 4.5 }).success).toBe(false);
  });

  it("coupons: codes are upper-case, percent values are basis points", () => {
    const coupon: RowData<"coupons"> = { code: "WELCOME50", kind: "percent", value: 5000, valid_from: NOW, valid_until: NOW, max_discount_paise: 10000 };
    expect(T.coupons.data.safeParse(coupon).success).toBe(true);
    expect(T.coupons.data.safeParse({ ...coupon, code: "welcome50" }).success).toBe(false);
    expect(T.coupons.data.safeParse({ ...coupon, kind: "bogo" }).success).toBe(false);
  });
});

describe("row types", () => {
  it("carry enum unions, nullability and required-ness", () => {
    expectTypeOf<Row<"orders">["status"]>().toEqualTypeOf<OrderStatus>();
    expectTypeOf<Row<"orders">["delivery_partner_id"]>().toEqualTypeOf<string | null>();
    expectTypeOf<Row<"orders">["total_paise"]>().toEqualTypeOf<number>();
    expectTypeOf<Row<"menu_items">["stock"]>().toEqualTypeOf<number | null>();
    expectTypeOf<RowData<"payments">["status"]>().toEqualTypeOf<PaymentStatus>();
    expectTypeOf<RowPatch<"orders">["version"]>().toEqualTypeOf<number | undefined>();
    expectTypeOf<Row<"orders">["$id"]>().toEqualTypeOf<string>();
  });
});
