// buckets.[b].files.[f].create|update|delete, delivered over realtime to the bucket readers (+ file readers with
// fileSecurity), on channels files, buckets.B.files, buckets.B.files.F and their action-suffixed copies.
import type { AppwriteDeps } from "../context";
import { generateEvents, platformEvent } from "../auth/event-names";
import { bucketPermissions, type BucketRow } from "./buckets-store";
import { filePermissions, type FileRow } from "./files-store";
import { rolesFor } from "./permissions";

export function publishFileEvent(deps: AppwriteDeps, bucket: BucketRow, file: FileRow, action: "create" | "update" | "delete", payload: Record<string, unknown>, userId?: string): void {
  const base = ["files", `buckets.${bucket.id}.files`, `buckets.${bucket.id}.files.${file.id}`];
  const roles = new Set(rolesFor(bucketPermissions(bucket), "read"));
  if (bucket.file_security === 1) for (const r of rolesFor(filePermissions(file), "read")) roles.add(r);
  deps.bus.publish(
    platformEvent(generateEvents([["buckets", bucket.id], ["files", file.id]], action), {
      channels: [...base, ...base.map((ch) => `${ch}.${action}`)],
      roles: [...roles],
      payload,
      nowMs: deps.now(),
      ...(userId !== undefined ? { userId } : {}),
    }),
  );
}
