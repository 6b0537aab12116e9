/** Which answer forms a client accepts, from its `Accept` header. */
export interface AcceptedTypes {
  json: boolean;
  sse: boolean;
  /**
   * Whether an event stream is acceptable when it is the only answer there is
   * (`subscriptions/listen`): not refused, and granted by name, `text/*`, `*\/*` or no Accept.
   */
  stream: boolean;
}

/**
 * RFC 9110 section 12.5.1: media ranges with `q=0` are refused, and a refusal of a type
 * wins over a wildcard that would include it (`application/json;q=0, *\/*`). A missing
 * Accept means anything; `*\/*` grants JSON (the plainest answer) and SSE only when JSON
 * was refused, so a wildcard client is never handed a stream it did not ask for.
 */
export function acceptedTypes(accept: string | undefined): AcceptedTypes {
  if (accept === undefined || accept.trim() === '') return ANYTHING;
  // A client sends the same Accept on every request: parsed once, answered from here after.
  const known = recent.get(accept);
  if (known) return known;
  const parsed = Object.freeze(parseAccept(accept));
  if (recent.size >= RECENT_LIMIT) recent.clear();
  recent.set(accept, parsed);
  return parsed;
}

const ANYTHING: AcceptedTypes = Object.freeze({ json: true, sse: false, stream: true });
const recent = new Map<string, AcceptedTypes>();
/** Distinct Accept values kept; a client sending a new one per request only refills the map. */
const RECENT_LIMIT = 64;

function parseAccept(accept: string): AcceptedTypes {
  const granted = new Set<string>();
  const refused = new Set<string>();
  for (const part of accept.split(',')) {
    const [type = '', ...params] = part.split(';').map((piece) => piece.trim().toLowerCase());
    if (type === '') continue;
    (params.some((p) => /^q=0(\.0*)?$/.test(p)) ? refused : granted).add(type);
  }
  const allows = (type: string, family: string) =>
    !refused.has(type) && (granted.has(type) || granted.has(family) || granted.has('*/*'));
  const json = allows('application/json', 'application/*');
  const stream = allows('text/event-stream', 'text/*');
  const sse = stream && (granted.has('text/event-stream') || granted.has('text/*') || !json);
  return { json, sse, stream };
}
