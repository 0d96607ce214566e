// Users in SQLite (`_auth_users`) and Appwrite's User model (§5.1). Sessions, tokens and targets live in their own files.
import type { AppwriteDeps } from "../context";
import { isoDate } from "../context";
import { AppwriteError } from "../errors";
import { ensureAuthSchema } from "./schema";
import { hashPassword } from "./secrets";
import { listTargetModels } from "./targets-store";

export interface UserRow {
  id: string;
  created_at: number;
  updated_at: number;
  accessed_at: number;
  name: string;
  email: string | null;
  phone: string | null;
  password_hash: string | null;
  password_update: number | null;
  status: number;
  labels: string;
  prefs: string;
  email_verification: number;
  phone_verification: number;
}

const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE_RE = /^\+[1-9]\d{6,14}$/;
const LABEL_RE = /^[A-Za-z0-9]{1,36}$/;

export function validateEmail(email: string): string {
  if (!EMAIL_RE.test(email)) throw new AppwriteError("general_argument_invalid", "Invalid `email` param: Value must be a valid email address");
  return email.toLowerCase();
}

export function validatePhone(param: string, phone: string): string {
  if (!PHONE_RE.test(phone)) {
    throw new AppwriteError("general_argument_invalid", `Invalid \`${param}\` param: Phone number must start with a '+' can have a maximum of fifteen digits.`);
  }
  return phone;
}

export function validatePassword(password: string): string {
  if (password.length < 8 || password.length > 256) {
    throw new AppwriteError("general_argument_invalid", "Invalid `password` param: Password must be between 8 and 256 characters long.");
  }
  return password;
}

export function validateLabels(labels: string[]): string[] {
  for (const l of labels) {
    if (!LABEL_RE.test(l)) throw new AppwriteError("general_argument_invalid", "Invalid `labels` param: Value must a valid array and Value must be a valid string and alphanumeric and at most 36 chars");
  }
  return [...new Set(labels)];
}

export function getUserRow(deps: AppwriteDeps, id: string): UserRow | undefined {
  ensureAuthSchema(deps.db);
  return deps.db.prepare("SELECT * FROM _auth_users WHERE id = ?").get(id) as UserRow | undefined;
}

export function requireUserRow(deps: AppwriteDeps, id: string): UserRow {
  const row = getUserRow(deps, id);
  if (!row) throw new AppwriteError("user_not_found");
  return row;
}

export function findUserBy(deps: AppwriteDeps, field: "email" | "phone", value: string): UserRow | undefined {
  ensureAuthSchema(deps.db);
  return deps.db.prepare(`SELECT * FROM _auth_users WHERE ${field} = ?`).get(value) as UserRow | undefined;
}

export function allUserRows(deps: AppwriteDeps): UserRow[] {
  ensureAuthSchema(deps.db);
  return deps.db.prepare("SELECT * FROM _auth_users ORDER BY rowid").all() as UserRow[];
}

export interface NewUser {
  id: string;
  email?: string | undefined;
  phone?: string | undefined;
  password?: string | undefined;
  name?: string | undefined;
}

/** Inserts a user; any duplicate id/email/phone is 409 user_already_exists (Appwrite's Users/Account create). */
export function insertUser(deps: AppwriteDeps, input: NewUser): UserRow {
  ensureAuthSchema(deps.db);
  const now = deps.now();
  const email = input.email ? validateEmail(input.email) : null;
  const phone = input.phone ? validatePhone("phone", input.phone) : null;
  const dup = deps.db
    .prepare("SELECT 1 FROM _auth_users WHERE id = ? OR (email IS NOT NULL AND email = ?) OR (phone IS NOT NULL AND phone = ?)")
    .get(input.id, email, phone);
  if (dup) throw new AppwriteError("user_already_exists");
  deps.db
    .prepare(
      `INSERT INTO _auth_users (id, created_at, updated_at, accessed_at, name, email, phone, password_hash, password_update)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(input.id, now, now, now, input.name ?? "", email, phone, input.password ? hashPassword(input.password) : null, input.password ? now : null);
  return requireUserRow(deps, input.id);
}

type Patch = Partial<Pick<UserRow, "name" | "email" | "phone" | "password_hash" | "password_update" | "status" | "labels" | "prefs" | "email_verification" | "phone_verification" | "accessed_at">>;

export function updateUserRow(deps: AppwriteDeps, id: string, patch: Patch): UserRow {
  const keys = Object.keys(patch) as (keyof Patch)[];
  if (keys.length > 0) {
    const sets = keys.map((k) => `${k} = @${k}`).join(", ");
    const touch = keys.every((k) => k === "accessed_at") ? "" : ", updated_at = @updated_at";
    deps.db.prepare(`UPDATE _auth_users SET ${sets}${touch} WHERE id = @id`).run({ ...patch, updated_at: deps.now(), id });
  }
  return requireUserRow(deps, id);
}

export function deleteUserRow(deps: AppwriteDeps, id: string): void {
  const db = deps.db;
  db.transaction(() => {
    db.prepare("DELETE FROM _auth_sessions WHERE user_id = ?").run(id);
    db.prepare("DELETE FROM _auth_tokens WHERE user_id = ?").run(id);
    db.prepare("DELETE FROM _auth_targets WHERE user_id = ?").run(id);
    db.prepare("DELETE FROM _auth_users WHERE id = ?").run(id);
  })();
}

export function userLabels(row: UserRow): string[] {
  return JSON.parse(row.labels) as string[];
}

/** Appwrite's User model. Password hashes are never returned (the optional key-only hash fields are left out). */
export function userModel(deps: AppwriteDeps, row: UserRow): Record<string, unknown> {
  return {
    $id: row.id,
    $createdAt: isoDate(row.created_at),
    $updatedAt: isoDate(row.updated_at),
    name: row.name,
    registration: isoDate(row.created_at),
    status: row.status === 1,
    labels: userLabels(row),
    passwordUpdate: row.password_update === null ? "" : isoDate(row.password_update),
    email: row.email ?? "",
    phone: row.phone ?? "",
    emailVerification: row.email_verification === 1,
    phoneVerification: row.phone_verification === 1,
    mfa: false,
    prefs: JSON.parse(row.prefs) as Record<string, unknown>,
    targets: listTargetModels(deps, row.id),
    accessedAt: isoDate(row.accessed_at),
  };
}
