// Node entry: the same app on @hono/node-server, bound to 127.0.0.1 (default port 8787), with bindings from an
// explicit object (the devstack's env) or process.env. Used for local development and the Node-side tests;
// run it with `npx tsx edge/src/node.ts` next to a running devstack (`npm run dev`).
import { serve, type ServerType } from "@hono/node-server";
import { getConnInfo } from "@hono/node-server/conninfo";
import { createApp, type AppOptions } from "./app";
import type { Bindings } from "./env";

export interface NodeEdge {
  url: string;
  port: number;
  close(): Promise<void>;
}

export const DEFAULT_EDGE_PORT = 8787;

/** Starts the edge on Node. `port: 0` picks a free port (tests). */
export async function startNodeEdge(opts: { bindings: Bindings; port?: number; app?: AppOptions }): Promise<NodeEdge> {
  const app = createApp({ clientIp: (c) => getConnInfo(c).remote.address, ...opts.app });
  const server = await new Promise<ServerType>((resolve) => {
    const s = serve(
      {
        // node-server's own env ({incoming, outgoing}) is kept next to the bindings: getConnInfo reads `incoming`.
        fetch: (req: Request, nodeEnv: Record<string, unknown>) => app.fetch(req, { ...nodeEnv, ...opts.bindings }),
        port: opts.port ?? DEFAULT_EDGE_PORT,
        hostname: "127.0.0.1",
      },
      () => resolve(s),
    );
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : (opts.port ?? DEFAULT_EDGE_PORT);
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Bindings from the process environment (the boundary: nothing deeper reads process.env). */
export function bindingsFromProcessEnv(env: Record<string, string | undefined> = process.env): Bindings {
  const pick = (k: string) => env[k] ?? "";
  return {
    APPWRITE_ENDPOINT: pick("APPWRITE_ENDPOINT") || "http://127.0.0.1:8090/v1",
    APPWRITE_PROJECT_ID: pick("APPWRITE_PROJECT_ID") || "chizze",
    APPWRITE_API_KEY: pick("APPWRITE_API_KEY"),
    UPSTASH_REDIS_REST_URL: pick("UPSTASH_REDIS_REST_URL") || "http://127.0.0.1:8079",
    UPSTASH_REDIS_REST_TOKEN: pick("UPSTASH_REDIS_REST_TOKEN"),
    CHIZZE_IDENTITY_SECRET: pick("CHIZZE_IDENTITY_SECRET"),
    ...(env.CORS_ORIGINS ? { CORS_ORIGINS: env.CORS_ORIGINS } : {}),
    ...(env.CHIZZE_ENV ? { CHIZZE_ENV: env.CHIZZE_ENV } : {}),
    ...(env.RELEASE ? { RELEASE: env.RELEASE } : {}),
  };
}

if (import.meta.url === `file://${process.argv[1] ?? ""}`) {
  const edge = await startNodeEdge({ bindings: bindingsFromProcessEnv(), port: Number(process.env.EDGE_PORT ?? DEFAULT_EDGE_PORT) });
  process.stdout.write(`${JSON.stringify({ level: "info", msg: "edge listening", url: edge.url })}\n`);
}
