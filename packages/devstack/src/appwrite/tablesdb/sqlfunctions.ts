// SQLite functions the query compiler relies on: `tdb_distance` (metres by haversine, or planar degrees) for the
// distance queries, and `regexp` so `x REGEXP ?` works for Query.regex.
import type Database from "better-sqlite3";

const EARTH_RADIUS_M = 6371008.8;

function haversine(lng1: number, lat1: number, lng2: number, lat2: number): number {
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLng = (lng2 - lng1) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Every [lng, lat] vertex of a point, line or polygon (nested arrays). */
function vertices(geom: unknown, out: Array<[number, number]> = []): Array<[number, number]> {
  if (Array.isArray(geom) && geom.length === 2 && typeof geom[0] === "number" && typeof geom[1] === "number") {
    out.push([geom[0], geom[1]]);
  } else if (Array.isArray(geom)) {
    for (const g of geom) vertices(g, out);
  }
  return out;
}

/** Distance from a stored geometry (JSON text) to a point; lines and polygons use their nearest vertex. */
export function distance(geomJson: unknown, lng: number, lat: number, meters: number): number | null {
  if (typeof geomJson !== "string") return null;
  const pts = vertices(JSON.parse(geomJson) as unknown);
  if (pts.length === 0) return null;
  let best = Infinity;
  for (const [x, y] of pts) {
    const d = meters ? haversine(x, y, lng, lat) : Math.hypot(x - lng, y - lat);
    if (d < best) best = d;
  }
  return best;
}

const registered = new WeakSet<Database.Database>();

export function registerSqlFunctions(db: Database.Database): void {
  if (registered.has(db)) return;
  registered.add(db);
  db.function("tdb_distance", { deterministic: true }, (g: unknown, lng: unknown, lat: unknown, m: unknown) =>
    distance(g, Number(lng), Number(lat), Number(m)),
  );
  db.function("regexp", { deterministic: true }, (pattern: unknown, value: unknown) =>
    typeof value === "string" && new RegExp(String(pattern)).test(value) ? 1 : 0,
  );
}
