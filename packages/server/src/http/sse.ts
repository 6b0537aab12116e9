/** Server-sent events framing for JSON-RPC messages. */
export function sseEvent(message: unknown): string {
  return sseMessage(JSON.stringify(message));
}

/** The event of a message already serialized. */
export function sseMessage(serialized: string): string {
  return `event: message\ndata: ${serialized}\n\n`;
}

/** A comment line: ignored by clients, keeps idle connections and proxies from timing out. */
export const SSE_KEEP_ALIVE = ': keep-alive\n\n';

export const SSE_HEADERS: Record<string, string> = {
  'content-type': 'text/event-stream',
  'cache-control': 'no-cache, no-transform',
  'x-accel-buffering': 'no',
};
