// Publishing row events on the bus: names for functions and Realtime, channels, delivery roles and payload
// (wire spec §7–§8). Called only after the write has committed.
import type { Caller, EventBus, PlatformEvent } from "../context";
import { functionEventNames, realtimeEventNames, rowChannels, type RowAction } from "./events";
import { rolesFor } from "./permissions";
import { rowJson, type StoredRow } from "./row-model";
import type { TableMeta } from "./types";

/** Realtime delivery roles: table read roles, plus the row's read roles when rowSecurity is on (§7.2). */
export function deliveryRoles(t: TableMeta, rowPermissions: readonly string[]): string[] {
  const roles = rolesFor(t.permissions, "read");
  if (t.rowSecurity) for (const r of rolesFor(rowPermissions, "read")) if (!roles.includes(r)) roles.push(r);
  return roles;
}

export function rowEvent(t: TableMeta, row: StoredRow, action: RowAction, caller: Caller, timestamp: string): PlatformEvent {
  const ref = { databaseId: t.databaseId, tableId: t.id, rowId: row._id };
  const payload = rowJson(t, row, { legacy: false, sequenceAsInt: false });
  const event: PlatformEvent = {
    realtimeEvents: realtimeEventNames(ref, action),
    functionEvents: functionEventNames(ref, action),
    channels: rowChannels(ref, action),
    roles: deliveryRoles(t, payload.$permissions as string[]),
    payload,
    timestamp,
  };
  if (caller.kind === "user") event.userId = caller.userId;
  return event;
}

/** A committed row change waiting to be published. */
export interface PendingEvent {
  table: TableMeta;
  row: StoredRow;
  action: RowAction;
}

export function publishAll(bus: EventBus, pending: readonly PendingEvent[], caller: Caller, timestamp: string): void {
  for (const p of pending) bus.publish(rowEvent(p.table, p.row, p.action, caller, timestamp));
}
