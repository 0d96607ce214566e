// The exports of `cloudflare:test` this suite uses, typed against the DOM fetch types the rest of the repo
// compiles with (the package's own declarations pull in @cloudflare/workers-types globals, which clash with DOM).
declare module "cloudflare:test" {
  export const SELF: { fetch(input: string | Request, init?: RequestInit): Promise<Response> };
  export const env: Record<string, unknown>;
  export function createExecutionContext(): { waitUntil(p: Promise<unknown>): void; passThroughOnException(): void };
  export function waitOnExecutionContext(ctx: unknown): Promise<void>;
}
