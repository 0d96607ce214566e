// Appwrite user ⇄ the API's AuthUser.
import type { Models } from "node-appwrite";
import type { z } from "zod";
import type { AuthUser } from "@chizze/contracts/api/auth";
import { ApiError } from "@chizze/contracts/errors";

export function toAuthUser(user: Models.User<Models.Preferences>): z.infer<typeof AuthUser> {
  // Every user reaching this point logged in by phone OTP; a phoneless account here is a wiring bug, not bad input.
  if (!user.phone) throw new ApiError("internal", "Signed-in user has no phone");
  return { id: user.$id, name: user.name, phone: user.phone, labels: [...user.labels] };
}
