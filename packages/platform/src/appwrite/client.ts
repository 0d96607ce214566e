// node-appwrite clients for one (endpoint, project, key). Node only (functions, scripts); the edge talks to
// functions over HTTP and never imports this.
//
// Appwrite gives every function execution its own short-lived API key (x-appwrite-key), so a cache keyed by key
// would grow by one entry per execution in a warm runtime. The cache is a small LRU: warm executions that reuse a
// key (scripts, the edge's long-lived key, retries) share clients; the rest age out.
import { Client, Functions, Messaging, Storage, TablesDB, Users } from "node-appwrite";

export interface AppwriteTarget {
  endpoint: string;
  projectId: string;
  key: string;
  /** Per-request budget; node-appwrite has none of its own. Default 10 000 ms. */
  timeoutMs?: number;
}

export interface AppwriteClients {
  client: Client;
  tablesDB: TablesDB;
  users: Users;
  messaging: Messaging;
  storage: Storage;
  functions: Functions;
}

export const APPWRITE_DEFAULT_TIMEOUT_MS = 10_000;
const MAX_CACHED = 8;

/**
 * A Client whose every request carries an AbortSignal deadline. node-appwrite's `prepareRequest` is public and
 * returns fetch options, so adding the signal there times out the socket itself (not just our wait for it); the
 * resulting TimeoutError becomes Unavailable(timeout) in appwrite/errors.ts.
 */
export class DeadlineClient extends Client {
  constructor(private readonly timeoutMs: number) {
    super();
  }

  override prepareRequest(...args: Parameters<Client["prepareRequest"]>): ReturnType<Client["prepareRequest"]> {
    const prepared = super.prepareRequest(...args);
    prepared.options.signal = AbortSignal.timeout(this.timeoutMs);
    return prepared;
  }
}

/** A client acting as the holder of an Appwrite session (X-Appwrite-Session), with the same deadline: for Account calls a key cannot make. */
export function sessionClient(t: { endpoint: string; projectId: string; session: string; timeoutMs?: number }): Client {
  return new DeadlineClient(t.timeoutMs ?? APPWRITE_DEFAULT_TIMEOUT_MS).setEndpoint(t.endpoint).setProject(t.projectId).setSession(t.session);
}

export function createAppwriteClients(t: AppwriteTarget): AppwriteClients {
  const client = new DeadlineClient(t.timeoutMs ?? APPWRITE_DEFAULT_TIMEOUT_MS).setEndpoint(t.endpoint).setProject(t.projectId).setKey(t.key);
  return {
    client,
    tablesDB: new TablesDB(client),
    users: new Users(client),
    messaging: new Messaging(client),
    storage: new Storage(client),
    functions: new Functions(client),
  };
}

// Insertion-ordered Map as an LRU: a hit is moved to the end, the first entry is the least recently used.
const cache = new Map<string, AppwriteClients>();

/** Clients for `t`, shared within this runtime while they stay among the MAX_CACHED most recently used. */
export function appwriteClients(t: AppwriteTarget): AppwriteClients {
  const id = `${t.endpoint}\n${t.projectId}\n${t.key}\n${t.timeoutMs ?? ""}`;
  const hit = cache.get(id);
  if (hit) {
    cache.delete(id);
    cache.set(id, hit);
    return hit;
  }
  const made = createAppwriteClients(t);
  cache.set(id, made);
  while (cache.size > MAX_CACHED) {
    const oldest = cache.keys().next().value;
    if (oldest === undefined) break;
    cache.delete(oldest);
  }
  return made;
}

/** How many client sets are cached (for tests and diagnostics). */
export function cachedAppwriteClientCount(): number {
  return cache.size;
}
