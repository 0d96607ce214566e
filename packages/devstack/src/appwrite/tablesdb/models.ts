// Response models of databases, tables and indexes for both dialects (columns: columns.ts, rows: row-model.ts).
import { columnModel } from "./columns";
import type { Dialect } from "./http";
import type { DatabaseMeta, IndexSpec, TableMeta } from "./types";

export function databaseModel(d: DatabaseMeta): Record<string, unknown> {
  return { $id: d.id, name: d.name, $createdAt: d.createdAt, $updatedAt: d.updatedAt, enabled: d.enabled, type: d.type };
}

export function indexModel(i: IndexSpec, dialect: Dialect): Record<string, unknown> {
  return {
    $id: i.key,
    $createdAt: i.createdAt,
    $updatedAt: i.updatedAt,
    key: i.key,
    type: i.type,
    status: "available",
    error: "",
    [dialect.indexColumns]: i.columns,
    lengths: i.lengths,
    orders: i.orders,
  };
}

export function tableModel(t: TableMeta, dialect: Dialect): Record<string, unknown> {
  return {
    $id: t.id,
    $createdAt: t.createdAt,
    $updatedAt: t.updatedAt,
    $permissions: t.permissions,
    databaseId: t.databaseId,
    name: t.name,
    enabled: t.enabled,
    [dialect.rowSecurity]: t.rowSecurity,
    [dialect.columns]: t.columns.map(columnModel),
    indexes: t.indexes.map((i) => indexModel(i, dialect)),
    bytesMax: 0,
    bytesUsed: 0,
  };
}
