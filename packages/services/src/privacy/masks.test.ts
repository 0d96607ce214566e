// The erased forms are fixed points (erasing twice = erasing once: what makes a purge page repeatable) and keep
// exactly what the books need.
import { describe, expect, it } from "vitest";
import type { AddressSnapshot, PricedLines } from "@chizze/schema";
import { ERASED, coarse, erasedAddress, erasedPayload, isFreeText, orderErasure } from "./masks";

const address: AddressSnapshot = {
  addressId: "adr_1",
  label: "home",
  line1: "Flat 12C, Sunshine Apartments",
  line2: "3rd floor",
  landmark: "Opposite the temple",
  locality: "HSR Layout",
  city: "Bengaluru",
  state: "Karnataka",
  pincode: "560102",
  lat: 12.912345,
  lng: 77.638912,
  contactName: "Meera",
  contactPhone: "+919811122233",
};
const lines: PricedLines = [{ itemId: "itm_1", variantId: null, name: "Biryani", variantName: null, isVeg: false, quantity: 2, unitPaise: 28_000, addons: [], notes: "no onions", totalPaise: 56_000 }];

describe("orderErasure", () => {
  const order = { delivery_address: address, items: lines, delivery_lat: 12.912345, delivery_lng: 77.638912, delivery_instructions: "Ring twice", special_instructions: "Less spicy", cancel_note: null, delivery_otp_hash: "a".repeat(64) };

  it("blanks the person and keeps city, state, pincode, the area and every amount", () => {
    const patch = orderErasure(order)!;
    expect(JSON.parse(patch.delivery_address as string)).toEqual({ ...address, addressId: null, label: null, line1: ERASED, line2: null, landmark: null, locality: null, lat: 12.91, lng: 77.64, contactName: null, contactPhone: null });
    expect(JSON.parse(patch.items as string)).toEqual([{ ...lines[0], notes: null }]);
    expect(patch).toMatchObject({ delivery_lat: 12.91, delivery_lng: 77.64, delivery_instructions: null, special_instructions: null, delivery_otp_hash: null });
    expect(patch).not.toHaveProperty("cancel_note");
  });

  it("is a fixed point: an erased order needs nothing more", () => {
    const patch = orderErasure(order)!;
    const erased = { ...order, delivery_address: JSON.parse(patch.delivery_address as string) as AddressSnapshot, items: JSON.parse(patch.items as string) as PricedLines, delivery_lat: 12.91, delivery_lng: 77.64, delivery_instructions: null, special_instructions: null, delivery_otp_hash: null };
    expect(orderErasure(erased)).toBeNull();
    expect(erasedAddress(erasedAddress(address))).toEqual(erasedAddress(address));
  });

  it("rounds to about a kilometre", () => {
    expect(coarse(12.915)).toBe(12.92);
    expect(coarse(-0.004)).toBe(-0);
    expect(coarse(77.64)).toBe(77.64);
  });
});

describe("erasedPayload", () => {
  const body = { event: "payment.captured", payload: { payment: { entity: { id: "pay_1", amount: 45_000, email: "a@b.in", contact: "+919876543210", vpa: "asha@okbank", card: null, notes: { order_id: "ord_1" }, acquirer_data: { rrn: "123" } } } } };

  it("nulls the payer's contact, email and UPI id at any depth; amounts, ids and references stay", () => {
    const { value, changed } = erasedPayload(body);
    expect(changed).toBe(true);
    expect(value).toEqual({ event: "payment.captured", payload: { payment: { entity: { id: "pay_1", amount: 45_000, email: null, contact: null, vpa: null, card: null, notes: { order_id: "ord_1" }, acquirer_data: { rrn: "123" } } } } });
    expect(erasedPayload(value)).toEqual({ value, changed: false });
  });
});

describe("isFreeText", () => {
  it("tells a typed note from a reason code", () => {
    expect(isFreeText("changed_mind")).toBe(false);
    expect(isFreeText(null)).toBe(false);
    expect(isFreeText("Asha changed her plans")).toBe(true);
  });
});
