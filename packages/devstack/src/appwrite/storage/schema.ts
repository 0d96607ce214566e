// Storage tables (`_storage_*`). File bytes live in SQLite BLOBs whether the db is a file or ":memory:": one
// place to back up or wipe, and the devstack's files are small. Chunks of an unfinished upload wait in
// `_storage_chunks` until the last one arrives.
import type Database from "better-sqlite3";

const ready = new WeakSet<Database.Database>();

export function ensureStorageSchema(db: Database.Database): void {
  if (ready.has(db)) return;
  db.exec(`
    CREATE TABLE IF NOT EXISTS _storage_buckets (
      id TEXT PRIMARY KEY, name TEXT NOT NULL, permissions TEXT NOT NULL, file_security INTEGER NOT NULL, enabled INTEGER NOT NULL,
      maximum_file_size INTEGER NOT NULL, allowed_file_extensions TEXT NOT NULL, compression TEXT NOT NULL,
      encryption INTEGER NOT NULL, antivirus INTEGER NOT NULL, transformations INTEGER NOT NULL,
      created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL
    );
    CREATE TABLE IF NOT EXISTS _storage_files (
      bucket_id TEXT NOT NULL, id TEXT NOT NULL, name TEXT NOT NULL, permissions TEXT NOT NULL, mime_type TEXT NOT NULL,
      size INTEGER NOT NULL, signature TEXT NOT NULL, chunks_total INTEGER NOT NULL, chunks_uploaded INTEGER NOT NULL,
      data BLOB, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, PRIMARY KEY (bucket_id, id)
    );
    CREATE TABLE IF NOT EXISTS _storage_chunks (
      bucket_id TEXT NOT NULL, file_id TEXT NOT NULL, start INTEGER NOT NULL, data BLOB NOT NULL,
      PRIMARY KEY (bucket_id, file_id, start)
    );
  `);
  ready.add(db);
}
