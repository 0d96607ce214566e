import { describe, expect, it } from "vitest";
import { rowPermissions } from "./access";

describe("row permissions", () => {
  it("an order is readable by its customer, the restaurant owner and the assigned partner", () => {
    expect(rowPermissions.order({ customerId: "u_c", restaurantOwnerId: "u_o", partnerUserId: "u_p" })).toEqual([
      'read("user:u_c")',
      'read("user:u_o")',
      'read("user:u_p")',
    ]);
  });

  it("before assignment no partner can read the order", () => {
    const perms = rowPermissions.order({ customerId: "u_c", restaurantOwnerId: "u_o", partnerUserId: null });
    expect(perms).toEqual(['read("user:u_c")', 'read("user:u_o")']);
  });

  it("a customer who owns the restaurant gets one grant, not two", () => {
    expect(rowPermissions.order({ customerId: "u_x", restaurantOwnerId: "u_x" })).toEqual(['read("user:u_x")']);
  });

  it("rider positions are readable by the customer only", () => {
    expect(rowPermissions.deliveryLocation("u_c")).toEqual(['read("user:u_c")']);
  });

  it("no builder ever grants more than read", () => {
    const all = [
      rowPermissions.owner("u1"),
      rowPermissions.customer("u1"),
      rowPermissions.dispatchOffer("u1"),
      rowPermissions.payout("u1"),
      rowPermissions.deliveryLocation("u1"),
      rowPermissions.order({ customerId: "a", restaurantOwnerId: "b", partnerUserId: "c" }),
    ].flat();
    for (const p of all) expect(p).toMatch(/^read\("user:[^"]+"\)$/);
  });
});
