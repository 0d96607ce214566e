// Read by: the user themself (row permission, e.g. the app's profile screen via Realtime/SDK) and admins.
// Written only by functions (sign-up trigger, PATCH /me, DELETE /me anonymises rather than deletes: GST records
// must outlive the account, reliability-and-security §1.7).
import { ADMIN_READ } from "../access";
import { PHONE_PATTERN } from "../documents";
import { boolean, datetime, defineTable, email, enumArray, enumeration, id, idx, string, url } from "../dsl";
import { LANGUAGES, USER_ROLES } from "../enums";

export const profiles = defineTable({
  id: "profiles",
  name: "Profiles",
  description: "One row per Appwrite user: display data and preferences. Row id = Appwrite user id.",
  rowSecurity: true,
  permissions: [...ADMIN_READ],
  columns: {
    user_id: id({ required: true, description: "Appwrite user id (also the row id)" }),
    name: string(128),
    phone: string(16, { pattern: PHONE_PATTERN, description: "E.164, verified by phone OTP" }),
    email: email(),
    roles: enumArray(USER_ROLES, { description: "Mirror of the user's Appwrite labels; labels are the source of truth" }),
    language: enumeration(LANGUAGES, { default: "en" }),
    avatar_url: url(),
    default_address_id: id(),
    marketing_opt_in: boolean({ default: false }),
    marketing_opt_in_at: datetime({ description: "When consent was given or withdrawn (audit)" }),
    deleted_at: datetime({ description: "Account deletion requested; personal fields are blanked" }),
    // Privacy (packages/services/src/privacy): DELETE /me sets deleted_at + deletion_due_at; logging in before
    // deletion_due_at clears both; accounts-purge claims the account (erasure_started_at, after which a login no longer
    // cancels) and stamps erased_at when every personal field everywhere is gone.
    deletion_due_at: datetime({ description: "End of the deletion grace period; null = no deletion pending" }),
    erasure_started_at: datetime({ description: "accounts-purge claimed the account: logging in no longer cancels" }),
    erased_at: datetime({ description: "Personal data erased everywhere (accounts-purge finished)" }),
  },
  indexes: [
    idx.unique("uniq_user", ["user_id"]),
    idx.key("idx_phone", ["phone"]),
    // accounts-purge: accounts past their grace period and not yet erased, oldest deadline first.
    idx.key("idx_erased_deletion_due", ["erased_at", "deletion_due_at"]),
  ],
});
