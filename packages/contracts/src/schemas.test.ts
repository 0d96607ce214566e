// Sample payloads for the schemas apps hit hardest: what must parse, and what must be refused.
import { describe, expect, it } from "vitest";
import { AppwriteId, IdempotencyKey, PageQuery, Paise, Phone, Timestamp } from "./common";
import { SendOtpRequest, VerifyOtpRequest, VerifyOtpResponse } from "./api/auth";
import { NearbyQuery, NearbyResponse, CouponCode } from "./api/catalog";
import { Quote, QuoteRequest } from "./api/cart";
import { CancelOrderRequest, Order, PlaceOrderRequest, PlaceOrderResponse } from "./api/orders";
import { DeliveryStatusRequest, EarningsQuery, LocationUpdate } from "./api/delivery";
import { VerifyPaymentRequest } from "./api/payments";
import { CreateMenuItemRequest, UpdateMenuItemRequest } from "./api/restaurant";
import { CreateAddressRequest, UpdateAddressRequest } from "./api/me";
import { RefundRequest } from "./api/admin";

const ok = (schema: { safeParse(v: unknown): { success: boolean } }, v: unknown) => expect(schema.safeParse(v).success).toBe(true);
const bad = (schema: { safeParse(v: unknown): { success: boolean } }, v: unknown) => expect(schema.safeParse(v).success).toBe(false);

describe("common", () => {
  it("AppwriteId follows Appwrite's custom id rule", () => {
    for (const id of ["ord_01J9ZQ4W8K3M5N7P", "a", "A.b-c_d", "x".repeat(36)]) ok(AppwriteId, id);
    for (const id of ["", "_leading", ".x", "-x", "x".repeat(37), "has space", "ünï", "a/b"]) bad(AppwriteId, id);
  });

  it("Phone is E.164, India first", () => {
    for (const p of ["+919876543210", "+916000000000", "+14155552671", "+447911123456"]) ok(Phone, p);
    // +91 must be a 10-digit mobile starting 6–9; no national formats, spaces or missing plus.
    for (const p of ["+91987654321", "+9198765432101", "+915876543210", "9876543210", "+91 98765 43210", "+0123456789", "+1234"]) bad(Phone, p);
  });

  it("Paise is a non-negative integer", () => {
    ok(Paise, 0);
    ok(Paise, 24900);
    for (const v of [-1, 1.5, "100", Number.NaN, Number.POSITIVE_INFINITY]) bad(Paise, v);
  });

  it("Timestamp in responses is UTC with Z; client timestamps may carry an offset", () => {
    ok(Timestamp, "2026-11-26T12:30:00.000Z");
    bad(Timestamp, "2026-11-26T18:00:00.000+05:30");
    bad(Timestamp, "2026-11-26");
    ok(LocationUpdate, { lat: 1, lng: 1, at: "2026-11-26T18:00:00.000+05:30" });
  });

  it("Idempotency-Key is 1..255 printable ASCII", () => {
    ok(IdempotencyKey, "5f0c8a52-6f7e-4b7e-9a51-1f1a2c3d4e5f");
    ok(IdempotencyKey, "k".repeat(255));
    for (const k of ["", "k".repeat(256), "tab\there", "new\nline", "ключ"]) bad(IdempotencyKey, k);
  });

  it("page queries coerce strings, default to 20 and cap at 50", () => {
    expect(PageQuery.parse({})).toEqual({ limit: 20 });
    expect(PageQuery.parse({ limit: "7", cursor: "abc" })).toEqual({ limit: 7, cursor: "abc" });
    for (const limit of ["0", "51", "2.5", "ten", ""]) bad(PageQuery, { limit });
  });
});

describe("auth", () => {
  it("send-otp takes only a phone", () => {
    ok(SendOtpRequest, { phone: "+919876543210" });
    bad(SendOtpRequest, { phone: "+919876543210", role: "admin" });
  });

  it("verify-otp takes a userId and a 6-digit code", () => {
    ok(VerifyOtpRequest, { userId: "usr_1", otp: "012345" });
    for (const otp of ["12345", "1234567", "12a456", 123456]) bad(VerifyOtpRequest, { userId: "usr_1", otp });
    bad(VerifyOtpRequest, { otp: "123456" });
    bad(VerifyOtpRequest, { userId: "usr_1", otp: "123456", labels: ["admin"] });
  });

  it("verify-otp answers carry session, JWT and user", () => {
    ok(VerifyOtpResponse, {
      session: { id: "ses_1", secret: "s3cr3t", expiresAt: "2027-11-26T00:00:00.000Z" },
      jwt: "eyJ...",
      jwtExpiresAt: "2026-11-26T12:45:00.000Z",
      user: { id: "usr_1", name: "", phone: "+919876543210", labels: [] },
    });
    bad(VerifyOtpResponse, { session: { id: "ses_1", secret: "s" }, jwt: "x", jwtExpiresAt: "2026-11-26T12:45:00.000Z", user: {} });
  });
});

describe("catalog", () => {
  it("nearby query coerces strings and reads veg=false as false", () => {
    const q = NearbyQuery.parse({ lat: "12.97", lng: "77.59", veg: "false", radiusKm: "3", limit: "10" });
    expect(q).toMatchObject({ lat: 12.97, lng: 77.59, veg: false, radiusKm: 3, limit: 10, sort: "distance" });
    expect(NearbyQuery.parse({ lat: "12.97", lng: "77.59", veg: "true" }).veg).toBe(true);
    bad(NearbyQuery, { lat: "91", lng: "77" });
    bad(NearbyQuery, { lat: "12", lng: "181" });
    bad(NearbyQuery, { lng: "77" });
    bad(NearbyQuery, { lat: "12", lng: "77", sort: "cheapest" });
  });

  it("an empty nearby list carries a reason instead of being an error", () => {
    ok(NearbyResponse, { items: [], nextCursor: null, reason: "outside_service_area" });
    bad(NearbyResponse, { items: [], nextCursor: null, reason: "because" });
  });

  it("coupon codes are case-insensitive", () => {
    expect(CouponCode.parse(" welcome50 ")).toBe("WELCOME50");
    bad(CouponCode, "no spaces");
    bad(CouponCode, "AB");
  });
});

const quoteBody = {
  restaurantId: "rst_1",
  addressId: "adr_1",
  items: [{ itemId: "itm_1", variantId: "var_full", addonIds: ["add_1", "add_2"], quantity: 2, notes: "Less spicy" }],
  couponCode: "welcome50",
  tipPaise: 2000,
  paymentMethod: "online",
};

describe("cart quote", () => {
  it("accepts a well-formed cart and normalises the coupon code", () => {
    const q = QuoteRequest.parse(quoteBody);
    expect(q.couponCode).toBe("WELCOME50");
    ok(QuoteRequest, { restaurantId: "rst_1", addressId: "adr_1", items: [{ itemId: "itm_1", quantity: 1 }], paymentMethod: "cod" });
  });

  it("refuses client-side prices, anywhere in the cart", () => {
    bad(QuoteRequest, { ...quoteBody, totalPaise: 1 });
    bad(QuoteRequest, { ...quoteBody, items: [{ itemId: "itm_1", quantity: 1, pricePaise: 1 }] });
    bad(QuoteRequest, { ...quoteBody, items: [{ itemId: "itm_1", quantity: 1, price: 1 }] });
  });

  it("bounds quantities, line count, tip and add-ons", () => {
    for (const quantity of [0, 21, 1.5, -1]) bad(QuoteRequest, { ...quoteBody, items: [{ itemId: "itm_1", quantity }] });
    bad(QuoteRequest, { ...quoteBody, items: [] });
    bad(QuoteRequest, { ...quoteBody, items: Array.from({ length: 51 }, (_, i) => ({ itemId: `itm_${i}`, quantity: 1 })) });
    ok(QuoteRequest, { ...quoteBody, items: Array.from({ length: 50 }, (_, i) => ({ itemId: `itm_${i}`, quantity: 1 })) });
    bad(QuoteRequest, { ...quoteBody, tipPaise: 100_001 });
    bad(QuoteRequest, { ...quoteBody, tipPaise: -100 });
    bad(QuoteRequest, { ...quoteBody, items: [{ itemId: "itm_1", quantity: 1, addonIds: ["add_1", "add_1"] }] });
    bad(QuoteRequest, { ...quoteBody, paymentMethod: "upi" });
  });

  it("describes a priced quote", () => {
    ok(Quote, {
      quoteId: "qte_1",
      expiresAt: "2026-11-26T12:40:00.000Z",
      restaurantId: "rst_1",
      addressId: "adr_1",
      paymentMethod: "online",
      lines: [
        { itemId: "itm_1", variantId: null, name: "Paneer Tikka", variantName: null, isVeg: true, quantity: 2, unitPaise: 24900, addons: [], notes: null, totalPaise: 49800 },
      ],
      itemsPaise: 49800,
      fees: { packagingPaise: 2000, deliveryPaise: 3000, surgePaise: 0, platformPaise: 500 },
      taxes: { gstFoodPaise: 2490, gstFeesPaise: 990 },
      discount: { couponCode: "WELCOME50", amountPaise: 10000 },
      tipPaise: 0,
      totalPaise: 48780,
      distanceM: 2400,
      etaMinutes: 32,
    });
  });
});

describe("orders", () => {
  it("place order takes a quote id, optionally the method and address, and nothing priced", () => {
    ok(PlaceOrderRequest, { quoteId: "qte_1" });
    ok(PlaceOrderRequest, { quoteId: "qte_1", paymentMethod: "cod", addressId: "adr_1" });
    bad(PlaceOrderRequest, {});
    bad(PlaceOrderRequest, { quoteId: "qte_1", totalPaise: 100 });
    bad(PlaceOrderRequest, { quoteId: "qte_1", status: "delivered" });
    bad(PlaceOrderRequest, { quoteId: "../etc/passwd" });
  });

  it("cancel needs a known reason, and a note for `other`", () => {
    ok(CancelOrderRequest, { reasonCode: "changed_mind" });
    bad(CancelOrderRequest, { reasonCode: "because" });
    bad(CancelOrderRequest, { reasonCode: "other" });
    ok(CancelOrderRequest, { reasonCode: "other", note: "Ordered twice" });
  });

  const order = {
    id: "ord_1",
    orderNumber: "CHZ-261126-0042",
    status: "placed",
    dispatchState: "none",
    paymentStatus: "captured",
    paymentMethod: "online",
    restaurant: { id: "rst_1", name: "Meghana Foods", location: { lat: 12.97, lng: 77.64 } },
    items: [],
    amounts: {
      itemsPaise: 49800,
      fees: { packagingPaise: 0, deliveryPaise: 3000, surgePaise: 0, platformPaise: 500 },
      taxes: { gstFoodPaise: 2490, gstFeesPaise: 630 },
      discountPaise: 0,
      tipPaise: 0,
      totalPaise: 56420,
    },
    discount: null,
    deliveryAddress: { label: "home", text: "Flat 4B, Indiranagar, Bengaluru 560038", location: { lat: 12.97, lng: 77.64 }, instructions: null },
    placedAt: "2026-11-26T12:31:00.000Z",
    acceptedAt: null,
    etaAt: null,
    deliveredAt: null,
    prepTimeMinutes: null,
    deliveryOtp: "7305",
    timeline: [{ status: "placed", at: "2026-11-26T12:31:00.000Z" }],
    partner: null,
    cancellation: null,
    canCancel: true,
    canReview: false,
  };

  it("place order answers with the order and Razorpay checkout data, or null payment for COD", () => {
    ok(PlaceOrderResponse, { order, payment: { razorpayOrderId: "order_NkQ2Z7cW9zLkXb", keyId: "rzp_test_1", amountPaise: 56420, currency: "INR" } });
    ok(PlaceOrderResponse, { order: { ...order, paymentMethod: "cod", paymentStatus: "cod_pending" }, payment: null });
    bad(PlaceOrderResponse, { order, payment: { razorpayOrderId: "order_1", keyId: "k", amountPaise: 56420, currency: "USD" } });
    bad(Order, { ...order, status: "teleported" });
    bad(Order, { ...order, amounts: { ...order.amounts, totalPaise: 564.2 } });
  });
});

describe("payments", () => {
  const v = { razorpayOrderId: "order_NkQ2Z7cW9zLkXb", razorpayPaymentId: "pay_NkQ3a1Bc2De3Fg", razorpaySignature: "a".repeat(64) };
  it("verify takes Razorpay ids and a hex HMAC", () => {
    ok(VerifyPaymentRequest, v);
    bad(VerifyPaymentRequest, { ...v, razorpaySignature: "Z".repeat(64) });
    bad(VerifyPaymentRequest, { ...v, razorpayOrderId: "pay_NkQ2Z7cW9zLkXb" });
    bad(VerifyPaymentRequest, { ...v, amountPaise: 1 });
  });
});

describe("delivery", () => {
  const fix = { lat: 12.9716, lng: 77.5946, heading: 90, speed: 6.5, accuracy: 8, at: "2026-11-26T12:30:05.000Z" };
  it("location accepts a full or minimal fix", () => {
    ok(LocationUpdate, fix);
    ok(LocationUpdate, { lat: 12.9716, lng: 77.5946, at: "2026-11-26T12:30:05Z" });
  });

  it("location refuses impossible values and unknown fields", () => {
    bad(LocationUpdate, { ...fix, lat: 90.1 });
    bad(LocationUpdate, { ...fix, lng: -180.5 });
    bad(LocationUpdate, { ...fix, heading: 360 });
    bad(LocationUpdate, { ...fix, speed: -1 });
    bad(LocationUpdate, { ...fix, speed: 80 });
    bad(LocationUpdate, { ...fix, accuracy: -3 });
    bad(LocationUpdate, { ...fix, at: "yesterday" });
    bad(LocationUpdate, { lat: 12.9, lng: 77.5 });
    bad(LocationUpdate, { ...fix, userId: "someone_else" });
  });

  it("status sends lat and lng together or not at all", () => {
    ok(DeliveryStatusRequest, { isOnline: false });
    ok(DeliveryStatusRequest, { isOnline: true, lat: 12.9, lng: 77.5 });
    bad(DeliveryStatusRequest, { isOnline: true, lat: 12.9 });
  });

  it("earnings ranges are ordered and at most 31 days", () => {
    ok(EarningsQuery, { from: "2026-11-01", to: "2026-11-30" });
    ok(EarningsQuery, { from: "2026-11-01", to: "2026-12-01" });
    bad(EarningsQuery, { from: "2026-11-01", to: "2026-12-02" });
    bad(EarningsQuery, { from: "2026-11-02", to: "2026-11-01" });
  });
});

describe("restaurant and me writes", () => {
  it("menu items take the restaurant's own price, with consistent add-on groups", () => {
    const item = { categoryId: "cat_1", name: "Paneer Tikka", pricePaise: 24900, isVeg: true };
    ok(CreateMenuItemRequest, item);
    bad(CreateMenuItemRequest, { ...item, pricePaise: 249.5 });
    bad(CreateMenuItemRequest, { ...item, addonGroups: [{ name: "Dips", min: 3, max: 2, addons: [{ name: "Mint", pricePaise: 0, isVeg: true }] }] });
    bad(CreateMenuItemRequest, { ...item, addonGroups: [{ name: "Dips", min: 2, max: 2, addons: [{ name: "Mint", pricePaise: 0, isVeg: true }] }] });
    ok(UpdateMenuItemRequest, { inStock: false });
    bad(UpdateMenuItemRequest, {});
  });

  it("addresses need the pin and postal lines; updates need at least one field", () => {
    const a = { label: "home", line1: "Flat 4B", city: "Bengaluru", state: "Karnataka", pincode: "560038", lat: 12.97, lng: 77.64 };
    ok(CreateAddressRequest, a);
    bad(CreateAddressRequest, { ...a, pincode: "056003" });
    bad(CreateAddressRequest, { ...a, lat: undefined });
    ok(UpdateAddressRequest, { isDefault: true });
    bad(UpdateAddressRequest, {});
    bad(UpdateAddressRequest, { userId: "usr_2" });
  });

  it("admin refunds are positive partial amounts or full, always with a note", () => {
    ok(RefundRequest, { reasonCode: "items_missing", note: "Raita missing" });
    ok(RefundRequest, { amountPaise: 12000, reasonCode: "items_missing", note: "Raita missing" });
    bad(RefundRequest, { amountPaise: 0, reasonCode: "items_missing", note: "x" });
    bad(RefundRequest, { reasonCode: "items_missing" });
  });
});
