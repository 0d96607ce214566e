// Messaging targets of a user (`_auth_targets`): push device tokens, SMS numbers. Messaging resolves users to these.
import type { AppwriteDeps } from "../context";
import { isoDate } from "../context";
import { AppwriteError } from "../errors";
import { ensureAuthSchema } from "./schema";

export type ProviderType = "push" | "sms" | "email";

export interface TargetRow {
  id: string;
  user_id: string;
  provider_type: ProviderType;
  identifier: string;
  provider_id: string | null;
  name: string;
  expired: number;
  created_at: number;
  updated_at: number;
}

export function targetModel(row: TargetRow): Record<string, unknown> {
  return {
    $id: row.id,
    $createdAt: isoDate(row.created_at),
    $updatedAt: isoDate(row.updated_at),
    name: row.name,
    userId: row.user_id,
    providerId: row.provider_id,
    providerType: row.provider_type,
    identifier: row.identifier,
    expired: row.expired === 1,
  };
}

export function listTargetRows(deps: AppwriteDeps, userId: string): TargetRow[] {
  ensureAuthSchema(deps.db);
  return deps.db.prepare("SELECT * FROM _auth_targets WHERE user_id = ? ORDER BY rowid").all(userId) as TargetRow[];
}

export function listTargetModels(deps: AppwriteDeps, userId: string): Record<string, unknown>[] {
  return listTargetRows(deps, userId).map(targetModel);
}

export function getTargetRow(deps: AppwriteDeps, targetId: string): TargetRow | undefined {
  ensureAuthSchema(deps.db);
  return deps.db.prepare("SELECT * FROM _auth_targets WHERE id = ?").get(targetId) as TargetRow | undefined;
}

export interface NewTarget {
  id: string;
  userId: string;
  providerType: ProviderType;
  identifier: string;
  providerId?: string | undefined;
  name?: string | undefined;
}

export function insertTarget(deps: AppwriteDeps, t: NewTarget): TargetRow {
  ensureAuthSchema(deps.db);
  const dup = deps.db.prepare("SELECT 1 FROM _auth_targets WHERE id = ? OR (provider_type = ? AND identifier = ?)").get(t.id, t.providerType, t.identifier);
  if (dup) throw new AppwriteError("user_target_already_exists");
  const now = deps.now();
  deps.db
    .prepare("INSERT INTO _auth_targets (id, user_id, provider_type, identifier, provider_id, name, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
    .run(t.id, t.userId, t.providerType, t.identifier, t.providerId ?? null, t.name ?? "", now, now);
  return getTargetRow(deps, t.id) as TargetRow;
}

export function updateTargetRow(deps: AppwriteDeps, targetId: string, patch: { identifier?: string | undefined; providerId?: string | undefined; name?: string | undefined }): TargetRow {
  const row = getTargetRow(deps, targetId);
  if (!row) throw new AppwriteError("user_target_not_found");
  deps.db
    .prepare("UPDATE _auth_targets SET identifier = ?, provider_id = ?, name = ?, updated_at = ? WHERE id = ?")
    .run(patch.identifier ?? row.identifier, patch.providerId ?? row.provider_id, patch.name ?? row.name, deps.now(), targetId);
  return getTargetRow(deps, targetId) as TargetRow;
}

export function deleteTargetRow(deps: AppwriteDeps, targetId: string): void {
  deps.db.prepare("DELETE FROM _auth_targets WHERE id = ?").run(targetId);
}

/** Appwrite keeps an SMS target in step with the user's phone (created with the user, updated with the number). */
export function syncPhoneTarget(deps: AppwriteDeps, userId: string, phone: string | null, newTargetId: () => string): void {
  const existing = deps.db.prepare("SELECT * FROM _auth_targets WHERE user_id = ? AND provider_type = 'sms'").get(userId) as TargetRow | undefined;
  if (!phone) {
    if (existing) deleteTargetRow(deps, existing.id);
    return;
  }
  if (existing) updateTargetRow(deps, existing.id, { identifier: phone });
  else insertTarget(deps, { id: newTargetId(), userId, providerType: "sms", identifier: phone });
}
