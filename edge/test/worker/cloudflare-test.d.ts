// The one export of `cloudflare:test` this suite uses, typed against the DOM fetch types the rest of the repo
// compiles with (the package's own declarations pull in @cloudflare/workers-types globals, which clash with DOM).
declare module "cloudflare:test" {
  export const SELF: { fetch(input: string | Request, init?: RequestInit): Promise<Response> };
}
