// Phone OTP login through the edge (Appwrite Account phone tokens underneath). The app keeps the session
// secret and trades it for 15-minute JWTs; every other route takes `Authorization: Bearer <jwt>`.
import { z } from "zod";
import { AppwriteId, Phone, Timestamp } from "../common";
import { defineRoute } from "../route";

export const SendOtpRequest = z
  .strictObject({ phone: Phone })
  .meta({ id: "SendOtpRequest", example: { phone: "+919876543210" } });

export const SendOtpResponse = z
  .object({
    userId: AppwriteId.meta({ description: "Pass back with the OTP to verify-otp" }),
    expiresAt: Timestamp.meta({ description: "When this OTP stops working" }),
  })
  .meta({ id: "SendOtpResponse" });

export const Otp = z.string().regex(/^\d{6}$/, "OTP is 6 digits").meta({ description: "6-digit code from the SMS", example: "482913" });

export const VerifyOtpRequest = z
  .strictObject({ userId: AppwriteId, otp: Otp })
  .meta({ id: "VerifyOtpRequest", example: { userId: "usr_01J9ZQ4W8K3M5N7P", otp: "482913" } });

/** The Appwrite session secret is a bearer credential: the app stores it in the platform keystore, never logs it. */
export const SessionSecret = z.string().min(1).max(1024).meta({ description: "Appwrite session secret" });

export const AuthUser = z
  .object({
    id: AppwriteId,
    name: z.string().max(128).meta({ description: "Empty until the user sets it (prompt for it on first login)" }),
    phone: Phone,
    labels: z.array(z.string()).meta({ description: "Appwrite labels: roles `restaurant`, `partner`, `admin`; customer is implied", example: ["partner"] }),
  })
  .meta({ id: "AuthUser" });

export const VerifyOtpResponse = z
  .object({
    session: z.object({ id: AppwriteId, secret: SessionSecret, expiresAt: Timestamp }),
    jwt: z.string().meta({ description: "Appwrite JWT for `Authorization: Bearer`" }),
    jwtExpiresAt: Timestamp.meta({ description: "About 15 min after issue; refresh a little before" }),
    user: AuthUser,
  })
  .meta({ id: "VerifyOtpResponse" });

export const RefreshRequest = z
  .strictObject({ sessionSecret: SessionSecret.optional() })
  .meta({ id: "RefreshRequest", description: "Send the session secret here or in `X-Session-Secret`; a body value wins" });

export const RefreshHeaders = z.object({ "x-session-secret": SessionSecret.optional() });

export const RefreshResponse = z
  .object({ jwt: z.string(), jwtExpiresAt: Timestamp })
  .meta({ id: "RefreshResponse" });

export const sendOtpRoute = defineRoute({
  id: "auth.sendOtp",
  method: "POST",
  path: "/api/v1/auth/send-otp",
  functionId: "auth-send-otp",
  roles: ["public"],
  rateLimit: "auth.send-otp.phone",
  extraRateLimits: ["auth.send-otp.ip"],
  cache: null,
  idempotency: "none",
  request: { body: SendOtpRequest },
  responses: { 200: SendOtpResponse },
  summary: "Send a login OTP",
  description:
    "Creates the user on first use and sends a 6-digit OTP by SMS. Limited per phone and per IP; both fail closed because every call costs an SMS.",
  tags: ["auth"],
});

export const verifyOtpRoute = defineRoute({
  id: "auth.verifyOtp",
  method: "POST",
  path: "/api/v1/auth/verify-otp",
  functionId: "auth-verify-otp",
  roles: ["public"],
  rateLimit: "auth.verify-otp.phone",
  cache: null,
  idempotency: "none",
  request: { body: VerifyOtpRequest },
  responses: { 200: VerifyOtpResponse },
  summary: "Verify the OTP and open a session",
  description: "Exchanges the OTP for an Appwrite session and a first JWT. A wrong or expired code is 401.",
  tags: ["auth"],
});

export const refreshRoute = defineRoute({
  id: "auth.refresh",
  method: "POST",
  path: "/api/v1/auth/refresh",
  functionId: "auth-refresh",
  roles: ["session"],
  rateLimit: null,
  cache: null,
  idempotency: "none",
  request: { body: RefreshRequest, headers: RefreshHeaders },
  responses: { 200: RefreshResponse },
  summary: "Refresh the JWT",
  description: "Issues a new JWT from the session. 401 when the session was deleted or expired: log in again.",
  tags: ["auth"],
});

export const authRoutes = [sendOtpRoute, verifyOtpRoute, refreshRoute] as const;
