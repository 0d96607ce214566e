import { defineFunction, ok } from "@chizze/function-kit";
import { verifyOtpRoute } from "@chizze/contracts/api/auth";
import { depsFor } from "@chizze/services";
import { verifyOtp } from "@chizze/services/auth/verify-otp";

export default defineFunction({
  id: "auth-verify-otp",
  trigger: "http",
  route: verifyOtpRoute,
  handler: async (ctx) => ok(await verifyOtp(depsFor(ctx), ctx.body)),
});
