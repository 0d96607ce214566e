/** Appwrite datetimes (`…+00:00`) → the API's ISO 8601 UTC form (`…Z`). */
export function isoUtc(appwriteDatetime: string): string {
  return new Date(appwriteDatetime).toISOString();
}

export function isoUtcOrNull(appwriteDatetime: string | null | undefined): string | null {
  return appwriteDatetime ? isoUtc(appwriteDatetime) : null;
}
