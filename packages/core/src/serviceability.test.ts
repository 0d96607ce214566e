import { describe, expect, it } from "vitest";
import { checkServiceability, nearbyReason, zonesContaining } from "./serviceability";
import type { RestaurantReach, ZoneArea } from "./serviceability";

// Two adjoining square zones in Bengaluru ([lng, lat] rings): west 77.55–77.60, east 77.60–77.65.
const west: ZoneArea = { id: "z_west", isActive: true, area: [[[77.55, 12.9], [77.6, 12.9], [77.6, 13.0], [77.55, 13.0], [77.55, 12.9]]] };
const east: ZoneArea = { id: "z_east", isActive: true, area: [[[77.6, 12.9], [77.65, 12.9], [77.65, 13.0], [77.6, 13.0], [77.6, 12.9]]] };
const zones = [west, east];
const monNoon = new Date("2026-11-30T12:00:00+05:30");

const restaurant = (over: Partial<RestaurantReach> = {}): RestaurantReach => ({
  id: "rst_1",
  location: { lat: 12.95, lng: 77.57 },
  zoneId: null,
  deliveryRadiusM: 5_000,
  isOnline: true,
  isApproved: true,
  hours: [{ day: "mon", slots: [{ opens: "11:00", closes: "23:00" }] }],
  closures: [],
  ...over,
});

describe("checkServiceability", () => {
  it("serves a point in the same zone within the radius while open", () => {
    const r = checkServiceability(restaurant(), { lat: 12.96, lng: 77.58 }, zones, monNoon);
    expect(r).toMatchObject({ ok: true, zoneId: "z_west" });
    expect(r.distanceM).toBeGreaterThan(1_400);
    expect(r.distanceM).toBeLessThan(1_600);
  });
  it("refuses points outside every active zone, or in another zone", () => {
    expect(checkServiceability(restaurant(), { lat: 13.1, lng: 77.58 }, zones, monNoon)).toMatchObject({ ok: false, reason: "outside_service_area" });
    expect(checkServiceability(restaurant(), { lat: 12.95, lng: 77.61 }, zones, monNoon)).toMatchObject({ ok: false, reason: "outside_service_area" });
    const inactive = [{ ...west, isActive: false }, east];
    expect(checkServiceability(restaurant(), { lat: 12.96, lng: 77.58 }, inactive, monNoon)).toMatchObject({ ok: false, reason: "outside_service_area" });
  });
  it("uses the restaurant's zone_id when set", () => {
    expect(checkServiceability(restaurant({ zoneId: "z_east" }), { lat: 12.95, lng: 77.61 }, zones, monNoon)).toMatchObject({ ok: true, zoneId: "z_east" });
    expect(checkServiceability(restaurant({ zoneId: "z_east" }), { lat: 12.96, lng: 77.58 }, zones, monNoon)).toMatchObject({ ok: false, reason: "outside_service_area" });
  });
  it("checks online, radius and hours in that order", () => {
    const far = { lat: 12.99, lng: 77.59 }; // ~4.9 km
    expect(checkServiceability(restaurant({ isOnline: false, deliveryRadiusM: 1_000 }), far, zones, monNoon)).toMatchObject({ reason: "offline" });
    expect(checkServiceability(restaurant({ isApproved: false }), far, zones, monNoon)).toMatchObject({ reason: "offline" });
    expect(checkServiceability(restaurant({ deliveryRadiusM: 1_000 }), far, zones, monNoon)).toMatchObject({ reason: "out_of_radius" });
    expect(checkServiceability(restaurant(), far, zones, new Date("2026-11-30T09:00:00+05:30"))).toMatchObject({ reason: "closed" });
  });
  it("lists the zones containing a point, borders included", () => {
    expect(zonesContaining({ lat: 12.95, lng: 77.6 }, zones).map((z) => z.id)).toEqual(["z_west", "z_east"]);
  });
});

describe("nearbyReason", () => {
  it("explains an empty list", () => {
    expect(nearbyReason(false, [])).toBe("outside_service_area");
    expect(nearbyReason(true, [])).toBe("outside_service_area");
    expect(nearbyReason(true, [{ ok: false, reason: "out_of_radius", distanceM: 9_000 }])).toBe("outside_service_area");
    expect(nearbyReason(true, [{ ok: false, reason: "closed", distanceM: 900 }, { ok: false, reason: "out_of_radius", distanceM: 9_000 }])).toBe("all_closed");
    expect(nearbyReason(true, [{ ok: false, reason: "offline", distanceM: 900 }])).toBe("all_closed");
    expect(nearbyReason(true, [{ ok: true, distanceM: 900, zoneId: "z" }, { ok: false, reason: "closed", distanceM: 1 }])).toBeNull();
  });
});
