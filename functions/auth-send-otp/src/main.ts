import { defineFunction, ok } from "@chizze/function-kit";
import { sendOtpRoute } from "@chizze/contracts/api/auth";
import { depsFor } from "@chizze/services";
import { sendOtp } from "@chizze/services/auth/send-otp";

export default defineFunction({
  id: "auth-send-otp",
  trigger: "http",
  route: sendOtpRoute,
  handler: async (ctx) => ok(await sendOtp(depsFor(ctx), ctx.body)),
});
