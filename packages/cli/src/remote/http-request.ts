import type { IncomingMessage } from 'node:http';

export interface HttpRequestInit {
  method: 'GET' | 'POST' | 'DELETE';
  /** Lower-case names. */
  headers: Record<string, string>;
  body?: string;
  signal?: AbortSignal | undefined;
}

/**
 * One HTTP request over node:http (node:https for https URLs), resolving to the response
 * as soon as its head arrives; aborting `signal` closes the connection. Not fetch: fetch
 * loads undici, whose WebAssembly HTTP parser takes ~35 ms to load and then holds the
 * process ~90 ms at exit while V8 finishes compiling it, more than `lambda-mcp call` needs
 * to list a local server.
 */
export function httpRequest(url: URL, init: HttpRequestInit): Promise<IncomingMessage> {
  // Not `import('node:http')`: an ESM import reads every export, and http's WebSocket getter
  // loads undici (~50 ms). getBuiltinModule hands over the module object as it is.
  const { request } =
    url.protocol === 'https:'
      ? process.getBuiltinModule('node:https')
      : process.getBuiltinModule('node:http');
  const headers =
    init.body === undefined
      ? init.headers
      : { ...init.headers, 'content-length': String(Buffer.byteLength(init.body)) };
  return new Promise((resolve, reject) => {
    const outgoing = request(url, { method: init.method, headers, signal: init.signal }, (response) => {
      // A body abandoned half-read fails on its own: its reader (if any) gets the error.
      response.on('error', () => {});
      resolve(response);
    });
    outgoing.on('error', reject);
    outgoing.end(init.body);
  });
}

/** A response header's value; null when absent (repeated ones are joined). */
export function headerOf(response: IncomingMessage, name: string): string | null {
  const value = response.headers[name.toLowerCase()];
  if (value === undefined) return null;
  return Array.isArray(value) ? value.join(', ') : value;
}

/** A whole response body, as text. */
export async function readText(response: IncomingMessage): Promise<string> {
  let text = '';
  response.setEncoding('utf8');
  for await (const chunk of response) text += chunk;
  return text;
}

/** Reads and drops what is left of a body, so its connection can carry the next request. */
export function discard(response: IncomingMessage): void {
  response.resume();
}
