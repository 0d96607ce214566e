import { defineManifest, PLATFORM_VARIABLES, ROW_SCOPES } from "@chizze/function-kit";

export default defineManifest({
  id: "auth-verify-otp",
  name: "Verify the OTP and open a session",
  trigger: "http",
  timeout: 10,
  scopes: ["sessions.write", "users.read", "users.write", ...ROW_SCOPES],
  variables: [...PLATFORM_VARIABLES],
});
