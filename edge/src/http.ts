// Outbound GETs that are safe to repeat get one retry after a network error (not after a timeout): a keep-alive
// socket the server has closed fails the first request that reuses it, and that is no reason to report a
// dependency down or refuse a sign-in. The executions POST is never retried here (not idempotent).
export async function fetchGet(url: string, init: { headers: Record<string, string>; timeoutMs: number }): Promise<Response> {
  const signal = AbortSignal.timeout(init.timeoutMs);
  try {
    return await fetch(url, { headers: init.headers, signal });
  } catch (err) {
    if (signal.aborted || (err instanceof Error && (err.name === "TimeoutError" || err.name === "AbortError"))) throw err;
    return fetch(url, { headers: init.headers, signal });
  }
}
