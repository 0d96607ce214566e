// Devstack-only auth knobs under /v1/_dev (no Appwrite equivalent over HTTP; Appwrite sets mock numbers in the
// project settings). Open on 127.0.0.1 so `npm run dev` users can configure a fixed OTP without a console.
import type { AppwriteDeps } from "../context";
import { AppwriteError } from "../errors";
import type { AppwriteApp } from "../server";
import { readParams } from "./http";
import { setMockNumbers, type MockNumber } from "./mock-numbers";

export function registerAuthDevRoutes(app: AppwriteApp, deps: AppwriteDeps): void {
  app.put("/v1/_dev/auth/mock-numbers", async (c) => {
    const p = await readParams(c);
    const numbers = p.numbers;
    if (!Array.isArray(numbers) || numbers.some((n) => !n || typeof n !== "object" || typeof (n as MockNumber).phone !== "string" || typeof (n as MockNumber).otp !== "string")) {
      throw new AppwriteError("general_argument_invalid", "Invalid `numbers` param: Value must be an array of {phone, otp}");
    }
    setMockNumbers(deps, numbers as MockNumber[]);
    return c.json({ numbers });
  });
}
