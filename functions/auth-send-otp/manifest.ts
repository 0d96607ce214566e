import { defineManifest, PLATFORM_VARIABLES } from "@chizze/function-kit";

export default defineManifest({
  id: "auth-send-otp",
  name: "Send a login OTP",
  trigger: "http",
  timeout: 10,
  // createPhoneToken as a key caller; no rows are touched.
  scopes: ["sessions.write"],
  variables: [...PLATFORM_VARIABLES],
});
