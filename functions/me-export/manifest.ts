import { defineManifest, PLATFORM_VARIABLES, ROW_SCOPES } from "@chizze/function-kit";

export default defineManifest({
  id: "me-export",
  name: "Export my data (DPDP right of access)",
  trigger: "http",
  // Appwrite's synchronous execution cap; a long history is read in pages of 100 well within it.
  timeout: 30,
  // users.read: a user without a profile row yet gets one built from the Appwrite user (profile/load.ts).
  scopes: ["users.read", ...ROW_SCOPES],
  variables: [...PLATFORM_VARIABLES],
});
