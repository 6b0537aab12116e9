/** The last HTTP exchange a client made: what an error message needs to say what went wrong. */
export interface LastAnswer {
  /** Why no answer came: the socket error code (ECONNREFUSED, ENOTFOUND, ...) or fetch's reason. */
  networkError?: string;
  status: number;
  contentType: string;
  wwwAuthenticate: string | null;
  /** Whether the body is JSON-RPC (an event stream or a 202 count as such). */
  jsonRpc: boolean;
}

/**
 * A fetch that adds the configured headers and remembers the last exchange: the SDK's errors
 * say "fetch failed" or "Error POSTing to endpoint", not the socket error, the
 * WWW-Authenticate challenge, nor whether the server spoke JSON-RPC at all.
 */
export function recordingFetch(headers: Record<string, string>): {
  fetch: typeof fetch;
  last: () => LastAnswer | undefined;
} {
  let last: LastAnswer | undefined;
  const recording: typeof fetch = async (input, init) => {
    const merged = new Headers(init?.headers);
    for (const [name, value] of Object.entries(headers)) merged.set(name, value);
    let response: Response;
    try {
      response = await fetch(input, { ...init, headers: merged });
    } catch (error) {
      const reason = socketErrorCode(error) ?? (error as { cause?: Error }).cause?.message;
      last = { networkError: reason, status: 0, contentType: '', wwwAuthenticate: null, jsonRpc: false };
      throw error;
    }
    const contentType = response.headers.get('content-type') ?? '';
    const mediaType = contentType.split(';')[0]?.trim().toLowerCase();
    let jsonRpc = response.status === 202 || mediaType === 'text/event-stream';
    // A JSON body is read twice (here and by the client): MCP answers are small.
    if (mediaType === 'application/json')
      jsonRpc = /"jsonrpc"\s*:\s*"2\.0"/.test(await response.clone().text());
    last = {
      status: response.status,
      contentType,
      wwwAuthenticate: response.headers.get('www-authenticate'),
      jsonRpc,
    };
    return response;
  };
  return { fetch: recording, last: () => last };
}

/** fetch wraps the socket error in `cause`; happy eyeballs aggregates one per address. */
export function socketErrorCode(error: unknown): string | undefined {
  const pending = [error];
  for (let seen = 0; pending.length > 0 && seen < 12; seen += 1) {
    const next = pending.shift() as { code?: unknown; cause?: unknown; errors?: unknown } | undefined;
    if (!next || typeof next !== 'object') continue;
    if (typeof next.code === 'string' && /^(E[A-Z]+|UND_ERR_\w+)$/.test(next.code)) return next.code;
    pending.push(next.cause, ...(Array.isArray(next.errors) ? next.errors : []));
  }
  return undefined;
}
