import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { bearingDeg, boundingBox, haversineM, isValidLatLng, pointInPolygon } from "./geo";
import type { LatLng, Polygon } from "./geo";

const MG_ROAD = { lat: 12.9756, lng: 77.6066 };
const KORAMANGALA = { lat: 12.9352, lng: 77.6245 };

const cityPoint = fc.record({ lat: fc.double({ min: 8, max: 32, noNaN: true }), lng: fc.double({ min: 68, max: 97, noNaN: true }) });

describe("haversineM", () => {
  it("matches known distances", () => {
    // One degree of latitude ≈ 111.195 km on the mean sphere.
    expect(haversineM({ lat: 0, lng: 0 }, { lat: 1, lng: 0 })).toBeCloseTo(111_195, -1);
    // MG Road → Koramangala, Bengaluru: ≈ 4.9 km straight line.
    const d = haversineM(MG_ROAD, KORAMANGALA);
    expect(d).toBeGreaterThan(4_700);
    expect(d).toBeLessThan(5_100);
    expect(haversineM(MG_ROAD, MG_ROAD)).toBe(0);
  });
  it("is symmetric and obeys the triangle inequality", () => {
    fc.assert(
      fc.property(cityPoint, cityPoint, cityPoint, (a, b, c) => {
        expect(haversineM(a, b)).toBeCloseTo(haversineM(b, a), 6);
        expect(haversineM(a, c)).toBeLessThanOrEqual(haversineM(a, b) + haversineM(b, c) + 1e-6);
      }),
    );
  });
  it("rejects invalid coordinates", () => {
    expect(() => haversineM({ lat: 91, lng: 0 }, MG_ROAD)).toThrow(RangeError);
    expect(isValidLatLng({ lat: Number.NaN, lng: 0 })).toBe(false);
    expect(isValidLatLng({ lat: -90, lng: 180 })).toBe(true);
  });
});

describe("boundingBox", () => {
  it("contains every point within the radius", () => {
    fc.assert(
      fc.property(cityPoint, fc.integer({ min: 100, max: 30_000 }), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 360, noNaN: true }), (c, r, f, brg) => {
        // A point at distance f·r along bearing brg (destination formula).
        const δ = (f * r) / 6_371_008.8;
        const θ = (brg * Math.PI) / 180;
        const φ1 = (c.lat * Math.PI) / 180;
        const λ1 = (c.lng * Math.PI) / 180;
        const φ2 = Math.asin(Math.sin(φ1) * Math.cos(δ) + Math.cos(φ1) * Math.sin(δ) * Math.cos(θ));
        const λ2 = λ1 + Math.atan2(Math.sin(θ) * Math.sin(δ) * Math.cos(φ1), Math.cos(δ) - Math.sin(φ1) * Math.sin(φ2));
        const p: LatLng = { lat: (φ2 * 180) / Math.PI, lng: (λ2 * 180) / Math.PI };
        const box = boundingBox(c, r);
        expect(p.lat).toBeGreaterThanOrEqual(box.minLat - 1e-9);
        expect(p.lat).toBeLessThanOrEqual(box.maxLat + 1e-9);
        expect(p.lng).toBeGreaterThanOrEqual(box.minLng - 1e-9);
        expect(p.lng).toBeLessThanOrEqual(box.maxLng + 1e-9);
      }),
      { numRuns: 500 },
    );
  });
  it("is tight-ish at city latitudes and widens near poles and the antimeridian", () => {
    const b = boundingBox(MG_ROAD, 5_000);
    expect(b.maxLat - b.minLat).toBeCloseTo((2 * 5_000) / 111_195, 3);
    expect(boundingBox({ lat: 89.99, lng: 0 }, 5_000)).toMatchObject({ minLng: -180, maxLng: 180 });
    expect(boundingBox({ lat: 0, lng: 179.99 }, 5_000)).toMatchObject({ minLng: -180, maxLng: 180 });
  });
});

describe("bearingDeg", () => {
  it("gives compass bearings", () => {
    expect(bearingDeg({ lat: 0, lng: 0 }, { lat: 1, lng: 0 })).toBeCloseTo(0, 6);
    expect(bearingDeg({ lat: 0, lng: 0 }, { lat: 0, lng: 1 })).toBeCloseTo(90, 6);
    expect(bearingDeg({ lat: 1, lng: 0 }, { lat: 0, lng: 0 })).toBeCloseTo(180, 6);
    expect(bearingDeg({ lat: 0, lng: 1 }, { lat: 0, lng: 0 })).toBeCloseTo(270, 6);
    const b = bearingDeg(MG_ROAD, KORAMANGALA); // roughly south-south-east
    expect(b).toBeGreaterThan(150);
    expect(b).toBeLessThan(170);
  });
});

describe("pointInPolygon", () => {
  // A 10×10 square with a 2×2 hole in the middle, as [lng, lat] rings.
  const square: Polygon = [
    [[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]],
    [[4, 4], [6, 4], [6, 6], [4, 6], [4, 4]],
  ];
  it("handles inside, outside, holes and edges", () => {
    expect(pointInPolygon({ lng: 1, lat: 1 }, square)).toBe(true);
    expect(pointInPolygon({ lng: 11, lat: 1 }, square)).toBe(false);
    expect(pointInPolygon({ lng: 5, lat: 5 }, square)).toBe(false); // in the hole
    expect(pointInPolygon({ lng: 4, lat: 5 }, square)).toBe(true); // on the hole's edge
    expect(pointInPolygon({ lng: 0, lat: 5 }, square)).toBe(true); // on the outer edge
    expect(pointInPolygon({ lng: 10, lat: 10 }, square)).toBe(true); // vertex
    expect(pointInPolygon({ lng: 1, lat: 1 }, [])).toBe(false);
  });
  it("handles concave rings and unclosed rings", () => {
    const u: Polygon = [[[0, 0], [3, 0], [3, 3], [2, 3], [2, 1], [1, 1], [1, 3], [0, 3]]];
    expect(pointInPolygon({ lng: 0.5, lat: 2 }, u)).toBe(true);
    expect(pointInPolygon({ lng: 1.5, lat: 2 }, u)).toBe(false); // in the notch
    expect(pointInPolygon({ lng: 2.5, lat: 2 }, u)).toBe(true);
  });
  it("agrees with the analytic answer for axis-aligned rectangles", () => {
    fc.assert(
      fc.property(fc.double({ min: -1, max: 11, noNaN: true }), fc.double({ min: -1, max: 11, noNaN: true }), (lng, lat) => {
        const inOuter = lng >= 0 && lng <= 10 && lat >= 0 && lat <= 10;
        const inHoleStrict = lng > 4 && lng < 6 && lat > 4 && lat < 6;
        expect(pointInPolygon({ lng, lat }, square)).toBe(inOuter && !inHoleStrict);
      }),
      { numRuns: 2_000 },
    );
  });
});
