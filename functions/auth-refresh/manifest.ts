import { defineManifest, PLATFORM_VARIABLES } from "@chizze/function-kit";

export default defineManifest({
  id: "auth-refresh",
  name: "Refresh the JWT",
  trigger: "http",
  timeout: 10,
  // The JWT is minted with the caller's session, not with the execution's key: the key needs no scope at all.
  scopes: [],
  variables: [...PLATFORM_VARIABLES],
});
