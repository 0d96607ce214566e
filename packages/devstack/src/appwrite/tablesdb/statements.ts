// Prepared-statement cache keyed by SQL text, per database handle. better-sqlite3 re-prepares a cached statement
// itself after ALTER TABLE, so the cache only has to be bounded, not invalidated.
import type Database from "better-sqlite3";

const MAX = 2000;
const caches = new WeakMap<Database.Database, Map<string, Database.Statement>>();

export function stmt(db: Database.Database, sql: string): Database.Statement {
  let cache = caches.get(db);
  if (!cache) {
    cache = new Map();
    caches.set(db, cache);
  }
  let s = cache.get(sql);
  if (!s) {
    s = db.prepare(sql);
    // Dynamic list queries produce many shapes; drop the oldest rather than grow without bound.
    if (cache.size >= MAX) cache.delete(cache.keys().next().value as string);
    cache.set(sql, s);
  }
  return s;
}
