/** An HTTP answer from a Lambda handler, decoded: status, headers and the MCP messages in the body. */
export interface DecodedAnswer {
  statusCode: number;
  headers: Record<string, string>;
  /** The JSON-RPC response (the message with an id and a result or error), if any. */
  response: unknown;
  /** Notifications sent before the response (SSE bodies only). */
  notifications: unknown[];
  /** The raw body when it is not JSON-RPC (a plain-text 404, an HTML page). */
  text?: string;
}

/** Lambda's streaming prelude delimiter: the JSON head, then 8 NUL bytes, then the body. */
const PRELUDE_DELIMITER = Buffer.alloc(8);

/** Decodes a buffered handler's result object (`statusCode`, `headers`, `body`, `isBase64Encoded`). */
export function decodeBufferedResult(result: unknown): DecodedAnswer {
  const fields = (result ?? {}) as {
    statusCode?: number;
    headers?: Record<string, string>;
    multiValueHeaders?: Record<string, string[]>;
    body?: string;
    isBase64Encoded?: boolean;
  };
  const headers = lowerCased({
    ...Object.fromEntries(Object.entries(fields.multiValueHeaders ?? {}).map(([k, v]) => [k, v.join(', ')])),
    ...fields.headers,
  });
  const raw = fields.body ?? '';
  const body = fields.isBase64Encoded ? Buffer.from(raw, 'base64').toString('utf8') : raw;
  return { statusCode: fields.statusCode ?? 200, headers, ...decodeBody(headers['content-type'], body) };
}

/**
 * Decodes what a streaming handler wrote: the prelude (status, headers), then the body.
 * Undefined when the bytes do not start with a prelude (a JSON object, then the delimiter).
 */
export function decodeStreamedResponse(bytes: Buffer): DecodedAnswer | undefined {
  const split = bytes.indexOf(PRELUDE_DELIMITER);
  if (split < 0) return undefined;
  let prelude: { statusCode?: number; headers?: Record<string, string> };
  try {
    prelude = JSON.parse(bytes.subarray(0, split).toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof prelude !== 'object' || prelude === null) return undefined;
  const headers = lowerCased(prelude.headers ?? {});
  const body = bytes.subarray(split + PRELUDE_DELIMITER.length).toString('utf8');
  return { statusCode: prelude.statusCode ?? 200, headers, ...decodeBody(headers['content-type'], body) };
}

function decodeBody(
  contentType: string | undefined,
  body: string,
): Pick<DecodedAnswer, 'response' | 'notifications' | 'text'> {
  const messages = contentType?.startsWith('text/event-stream') ? sseMessages(body) : jsonMessage(body);
  if (messages === undefined)
    return { response: undefined, notifications: [], ...(body ? { text: body } : {}) };
  const isResponse = (message: unknown) => {
    const m = message as { id?: unknown; result?: unknown; error?: unknown };
    return m.id !== undefined && (m.result !== undefined || m.error !== undefined);
  };
  return {
    response: messages.find(isResponse),
    notifications: messages.filter((message) => !isResponse(message)),
  };
}

function jsonMessage(body: string): unknown[] | undefined {
  try {
    const parsed = JSON.parse(body) as unknown;
    return typeof parsed === 'object' && parsed !== null && 'jsonrpc' in parsed ? [parsed] : undefined;
  } catch {
    return undefined;
  }
}

/** The JSON payloads of an SSE body's events (comments and keep-alives skipped). */
export function sseMessages(body: string): unknown[] | undefined {
  const messages: unknown[] = [];
  for (const block of body.split(/\r?\n\r?\n/)) {
    const data = block
      .split(/\r?\n/)
      .filter((line) => line.startsWith('data:'))
      .map((line) => line.slice(5).replace(/^ /, ''))
      .join('\n');
    if (data === '') continue;
    try {
      messages.push(JSON.parse(data));
    } catch {
      return undefined;
    }
  }
  return messages;
}

function lowerCased(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
}
