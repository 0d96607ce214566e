// Appwrite Realtime at /v1/realtime over WebSocket, the protocol the appwrite web SDK 28 speaks (wire reference §8):
// connected → (authentication) → subscribe/unsubscribe → event frames, ping/pong. An event reaches a connection
// only if one of the connection's roles may read it (event roles) and one of its subscriptions names a channel the
// event is published to, with matching queries. Connections are indexed by channel, and each event is serialised
// once, so fan-out to thousands of sockets stays cheap.
import type { IncomingMessage, Server } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocketServer, type WebSocket } from "ws";
import type { AppwriteDeps, Caller, PlatformEvent } from "../context";
import { GUEST, callerFromJwt, callerFromSession, resolveCaller } from "../auth/caller";
import { getUserRow, userModel } from "../auth/users-store";
import { parseQueries, matches, RealtimeQueryError, type RuntimeQuery } from "./queries";

interface Subscription {
  id: string;
  channels: string[];
  queries: RuntimeQuery[];
  rawQueries: string[];
}

interface Connection {
  ws: WebSocket;
  caller: Caller;
  roles: Set<string>;
  subs: Map<string, Subscription>;
}

// The most recent frames a socket may have buffered before it is treated as too slow and closed.
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;

export interface RealtimeServer {
  connections(): number;
  close(): Promise<void>;
}

function send(ws: WebSocket, frame: unknown): void {
  if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame));
}

function error(ws: WebSocket, code: number, message: string): void {
  send(ws, { type: "error", data: { code, message } });
}

export function attachRealtime(server: Server, deps: AppwriteDeps): RealtimeServer {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024, perMessageDeflate: false });
  const byChannel = new Map<string, Set<Connection>>();
  const all = new Set<Connection>();

  const index = (conn: Connection, channels: string[], add: boolean) => {
    for (const ch of channels) {
      let set = byChannel.get(ch);
      if (add) {
        if (!set) byChannel.set(ch, (set = new Set()));
        set.add(conn);
      } else if (set && ![...conn.subs.values()].some((s) => s.channels.includes(ch))) {
        set.delete(conn);
        if (set.size === 0) byChannel.delete(ch);
      }
    }
  };

  const userPayload = (caller: Caller) => {
    if (caller.kind !== "user") return null;
    const row = getUserRow(deps, caller.userId);
    return row ? userModel(deps, row) : null;
  };

  // `account` is the caller's own channel: rewritten to account.<id>; another user's account channel is dropped.
  const normaliseChannels = (conn: Connection, channels: string[]) =>
    channels
      .map((ch) => (ch === "account" && conn.caller.kind === "user" ? `account.${conn.caller.userId}` : ch))
      .filter((ch) => !ch.startsWith("account") || (conn.caller.kind === "user" && ch === `account.${conn.caller.userId}`));

  const subscribe = (conn: Connection, id: string, channels: string[], rawQueries: string[]) => {
    const queries = parseQueries(rawQueries);
    const previous = conn.subs.get(id);
    const sub: Subscription = { id, channels: normaliseChannels(conn, channels), queries, rawQueries };
    conn.subs.set(id, sub);
    if (previous) index(conn, previous.channels, false);
    index(conn, sub.channels, true);
    return sub;
  };

  const onMessage = (conn: Connection, raw: string) => {
    let msg: { type?: unknown; data?: unknown };
    try {
      msg = JSON.parse(raw) as { type?: unknown; data?: unknown };
    } catch {
      return error(conn.ws, 1003, "Message format is not valid.");
    }
    switch (msg.type) {
      case "ping":
        return send(conn.ws, { type: "pong" });
      case "authentication": {
        const session = (msg.data as { session?: unknown } | undefined)?.session;
        const caller = typeof session === "string" ? callerFromSession(deps, session) : undefined;
        if (!caller) return error(conn.ws, 1003, "Session is not valid.");
        conn.caller = caller;
        conn.roles = new Set(caller.roles);
        // Channels named `account` are re-resolved against the new user.
        for (const s of [...conn.subs.values()]) subscribe(conn, s.id, s.channels.map((c) => (c.startsWith("account") ? "account" : c)), s.rawQueries);
        return send(conn.ws, { type: "response", data: { to: "authentication", success: true, user: userPayload(caller) } });
      }
      case "subscribe": {
        if (!Array.isArray(msg.data)) return error(conn.ws, 1003, "Message format is not valid.");
        const done: { subscriptionId: string; channels: string[]; queries: string[] }[] = [];
        try {
          for (const item of msg.data as { subscriptionId?: unknown; channels?: unknown; queries?: unknown }[]) {
            if (typeof item.subscriptionId !== "string" || !Array.isArray(item.channels) || item.channels.some((c) => typeof c !== "string")) {
              return error(conn.ws, 1003, "Message format is not valid.");
            }
            const queries = Array.isArray(item.queries) ? item.queries.filter((q): q is string => typeof q === "string") : [];
            const sub = subscribe(conn, item.subscriptionId, item.channels as string[], queries);
            done.push({ subscriptionId: sub.id, channels: sub.channels, queries: sub.rawQueries });
          }
        } catch (err) {
          return error(conn.ws, 1003, err instanceof RealtimeQueryError ? err.message : "Invalid query.");
        }
        return send(conn.ws, { type: "response", data: { to: "subscribe", success: true, subscriptions: done } });
      }
      case "unsubscribe": {
        if (!Array.isArray(msg.data)) return error(conn.ws, 1003, "Message format is not valid.");
        const removed: { subscriptionId: string; removed: boolean }[] = [];
        for (const item of msg.data as { subscriptionId?: unknown }[]) {
          if (typeof item.subscriptionId !== "string") continue;
          const sub = conn.subs.get(item.subscriptionId);
          conn.subs.delete(item.subscriptionId);
          if (sub) index(conn, sub.channels, false);
          removed.push({ subscriptionId: item.subscriptionId, removed: sub !== undefined });
        }
        return send(conn.ws, { type: "response", data: { to: "unsubscribe", success: true, subscriptions: removed } });
      }
      default:
        return error(conn.ws, 1003, "Message format is not valid.");
    }
  };

  const onConnection = (ws: WebSocket, req: IncomingMessage, caller: Caller) => {
    const conn: Connection = { ws, caller, roles: new Set(caller.roles), subs: new Map() };
    all.add(conn);
    // Legacy SDKs put channels (and per-channel queries) in the URL.
    const url = new URL(req.url ?? "/", "http://localhost");
    const urlChannels = url.searchParams.getAll("channels[]");
    const legacy: Record<string, string> = {};
    if (urlChannels.length > 0) {
      const queries = urlChannels.flatMap((ch) => url.searchParams.getAll(`${ch.replaceAll(".", "_")}[]`));
      try {
        const sub = subscribe(conn, "0", urlChannels, queries);
        legacy["0"] = sub.id;
      } catch {
        ws.close(1008, "Invalid query");
        return;
      }
    }
    ws.on("message", (data: Buffer) => onMessage(conn, data.toString("utf8")));
    ws.on("close", () => {
      all.delete(conn);
      for (const s of conn.subs.values()) for (const ch of s.channels) byChannel.get(ch)?.delete(conn);
    });
    send(ws, {
      type: "connected",
      data: { channels: [...new Set([...conn.subs.values()].flatMap((s) => s.channels))], subscriptions: urlChannels.length ? legacy : [], user: userPayload(caller) },
    });
  };

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    if (url.pathname !== "/v1/realtime") return;
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
    let caller: Caller;
    try {
      caller = resolveCaller(deps, headers, url.href);
      // The web SDK 28 sends a JWT as ?jwt= (newer servers read it; the header form is 1.9.6's).
      const jwt = url.searchParams.get("jwt");
      if (caller.kind === "guest" && jwt) caller = callerFromJwt(deps, jwt);
    } catch {
      // An invalid credential connects as a guest, which can read only public rows.
      caller = GUEST;
    }
    wss.handleUpgrade(req, socket, head, (ws) => onConnection(ws, req, caller));
  };
  server.on("upgrade", onUpgrade);

  const unsubscribe = deps.bus.subscribe((event: PlatformEvent) => {
    if (event.roles.length === 0) return; // Appwrite publishes nothing no one may read.
    const everyone = event.roles.includes("any");
    const candidates = new Set<Connection>();
    for (const ch of event.channels) for (const c of byChannel.get(ch) ?? []) candidates.add(c);
    if (candidates.size === 0) return;
    const channels = new Set(event.channels);
    // Serialise once; only the subscriptions list differs per connection.
    const head = `{"type":"event","data":{"events":${JSON.stringify(event.realtimeEvents)},"channels":${JSON.stringify(event.channels)},"timestamp":${JSON.stringify(event.timestamp)},"payload":${JSON.stringify(event.payload)},"subscriptions":`;
    for (const conn of candidates) {
      if (!everyone && !event.roles.some((r) => conn.roles.has(r))) continue;
      const ids: string[] = [];
      for (const s of conn.subs.values()) {
        if (s.channels.some((c) => channels.has(c)) && matches(s.queries, event.payload)) ids.push(s.id);
      }
      if (ids.length === 0 || conn.ws.readyState !== conn.ws.OPEN) continue;
      if (conn.ws.bufferedAmount > MAX_BUFFERED_BYTES) {
        conn.ws.close(1013, "Too slow");
        continue;
      }
      conn.ws.send(`${head}${JSON.stringify(ids)}}}`);
    }
  });

  return {
    connections: () => all.size,
    close: async () => {
      unsubscribe();
      server.off("upgrade", onUpgrade);
      for (const c of all) c.ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
