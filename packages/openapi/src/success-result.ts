import { type CallToolResult, ToolError } from 'lambda-mcp';
import { isJsonMediaType } from './operation-output.ts';

/** Media types read as text although not `text/*`. */
const TEXTUAL =
  /^(application\/(xml|javascript|x-www-form-urlencoded|yaml|x-yaml|graphql|csv|x-ndjson)|[^/]+\/[^;]*\+xml)/;

/** Whether a media type is text: `text/*`, XML, YAML, CSV... (JSON is told apart before). */
export function isTextMediaType(type: string): boolean {
  const essence = type.toLowerCase();
  return essence.startsWith('text/') || TEXTUAL.test(essence);
}

/**
 * A 2xx answer as a tool result. JSON goes to `structuredContent` when the tool declares
 * an `outputSchema` (the framework checks it) and as text otherwise; other text as text;
 * anything else (images, PDFs, archives) as an embedded resource with base64 bytes, named
 * by the request's URL without its query (which may hold a credential).
 */
export function successResult(
  tool: string,
  structured: boolean,
  status: number,
  contentType: string,
  bytes: Uint8Array,
  resourceUri: string,
): CallToolResult | Record<string, unknown> {
  const essence = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  // A tool with an outputSchema promised an object: anything else is the API breaking its contract.
  // The call went through (a 2xx): a model must not repeat a write because the answer was off.
  const undocumented = (what: string) =>
    new ToolError(
      `The API answered ${tool} with ${what}, not the JSON object it documents. ` +
        `The API is at fault, not the arguments: if ${tool} changes something, check with a read whether it took effect before calling it again.`,
      { code: 'SERVICE_UNAVAILABLE' },
    );
  if (bytes.byteLength === 0) {
    if (structured) throw undocumented(`${status} and no body`);
    return { content: [{ type: 'text', text: `${tool} succeeded (${status}, no content).` }] };
  }
  if (structured && !isJsonMediaType(essence)) {
    // The documented object under another label (PHP's default text/html, octet-stream, none):
    // the body is what was promised, only its Content-Type is wrong.
    const object = jsonObjectIn(tool, status, decodeText(bytes, contentType));
    if (object !== undefined) return object;
  }
  if (isJsonMediaType(essence)) {
    const text = decodeText(bytes, contentType);
    if (!structured) return { content: [{ type: 'text', text }] };
    let value: unknown;
    try {
      value = exactJson(tool, status, text);
    } catch (error) {
      if (error instanceof ToolError) throw error;
      throw new ToolError(
        `The API answered ${tool} with ${status} and a body labelled ${essence} that is not valid JSON, so the result cannot be read. ` +
          `The API is at fault, not the arguments: try again later, and if ${tool} changes something, check with a read whether it took effect before calling it again.`,
        { code: 'SERVICE_UNAVAILABLE' },
      );
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      throw undocumented(
        Array.isArray(value) ? 'a JSON array' : value === null ? 'JSON null' : `a JSON ${typeof value}`,
      );
    return value as Record<string, unknown>;
  }
  if (essence === '' || isTextMediaType(essence)) {
    const text = decodeText(bytes, contentType);
    if (structured) throw undocumented(essence || 'untyped text');
    return { content: [{ type: 'text', text }] };
  }
  if (structured) throw undocumented(essence);
  return {
    content: [{ type: 'resource', resource: { uri: resourceUri, mimeType: essence, blob: toBase64(bytes) } }],
  };
}

/**
 * JSON.parse, refusing an integer past 2^53 - 1: read, it would silently become another
 * number (9007199254740993 is 9007199254740992), and a model would act on another id. Such
 * an answer is a ToolError carrying the text, digits intact. Throws SyntaxError for bad JSON.
 */
function exactJson(tool: string, status: number, text: string): unknown {
  // A reviver slows parsing several times: only when 16 digits in a row could be such a number.
  if (!/\d{16}/.test(text)) return JSON.parse(text);
  let unsafe: string | undefined;
  const value: unknown = JSON.parse(text, (_key, parsed: unknown, context?: { source?: string }) => {
    const source = context?.source;
    if (
      unsafe === undefined &&
      typeof parsed === 'number' &&
      !Number.isSafeInteger(parsed) &&
      source !== undefined &&
      /^-?\d+$/.test(source)
    )
      unsafe = `${source}; read, it would be ${parsed}, another id`;
    return parsed;
  });
  if (unsafe === undefined) return value;
  throw new ToolError(
    `The API answered ${tool} with ${status}: the call went through, but the answer holds an integer too large to read exactly as a JSON number (${unsafe}), so it is given here as text, digits intact. ` +
      `If ${tool} changes something, it took effect: do not call it again for that. The answer: ${text}`,
    { code: 'UPSTREAM_ERROR', details: { status } },
  );
}

/** The JSON object a text holds, if it holds one. */
function jsonObjectIn(tool: string, status: number, text: string): Record<string, unknown> | undefined {
  if (!text.trimStart().startsWith('{')) return undefined;
  try {
    const value: unknown = exactJson(tool, status, text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch (error) {
    if (error instanceof ToolError) throw error;
    return undefined;
  }
}

/**
 * Text in the charset its Content-Type names (`charset=ISO-8859-1`, a Java server's default
 * for text/plain), else UTF-8; a charset TextDecoder does not know is read as UTF-8.
 */
export function decodeText(bytes: Uint8Array, contentType: string): string {
  const charset = /;\s*charset="?([^";\s]+)/i.exec(contentType)?.[1];
  if (charset !== undefined) {
    try {
      return new TextDecoder(charset).decode(bytes);
    } catch {
      // An unknown label: UTF-8, as without one.
    }
  }
  return new TextDecoder().decode(bytes);
}

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  const step = 0x8000;
  for (let i = 0; i < bytes.length; i += step) binary += String.fromCharCode(...bytes.subarray(i, i + step));
  return btoa(binary);
}

/** Headers any answer may carry that a model needs: where a created thing is, the next page. */
const USEFUL_HEADERS = ['location', 'link'];
/** Never passed on, documented or not: they carry a session or a credential. */
const WITHHELD_HEADERS = new Set([
  'set-cookie',
  'set-cookie2',
  'authorization',
  'www-authenticate',
  'proxy-authenticate',
]);

/**
 * A text block of the answer's Location, Link and the headers the operation documents
 * (`X-Total-Count`, `X-RateLimit-Remaining`...), when it has any: a 201 with no body says
 * where the new thing is only there, and a list says where its next page is (GitHub).
 */
export function headersBlock(
  headers: Headers,
  documented: readonly string[] | undefined,
): { type: 'text'; text: string } | undefined {
  const lines: string[] = [];
  for (const name of new Set([...USEFUL_HEADERS, ...(documented ?? [])])) {
    if (WITHHELD_HEADERS.has(name) || name === 'content-type' || name === 'content-length') continue;
    const value = headers.get(name);
    if (value !== null) lines.push(`${name}: ${value}`);
  }
  return lines.length === 0 ? undefined : { type: 'text', text: `Response headers:\n${lines.join('\n')}` };
}
