import { ToolError } from 'lambda-mcp';
import type { BodyBinding } from './operation-input.ts';
import { isTextMediaType } from './success-result.ts';

/**
 * The request body in the operation's media type: JSON (and `+json`), URL-encoded form
 * (objects in a field as JSON, or as `field[key]=value` when its encoding is deepObject),
 * multipart (file fields decoded from base64, of the type their encoding names; objects as
 * JSON parts; arrays as one part per item), text (XML, YAML... as given), or bytes decoded
 * from base64.
 */
export function encodeBody(
  binding: BodyBinding,
  value: unknown,
): { body: BodyInit; contentType: string | undefined } {
  // By essence: `application/x-www-form-urlencoded; charset=utf-8` is still a form.
  const type = binding.mediaType.split(';')[0]?.trim().toLowerCase() ?? '';
  if (type === 'application/x-www-form-urlencoded') {
    const form = new URLSearchParams();
    const deep = new Set(binding.deepObject ?? []);
    for (const [name, field] of Object.entries(asObject(value))) {
      if (deep.has(name)) appendDeep(form, name, field);
      else for (const item of Array.isArray(field) ? field : [field]) form.append(name, fieldText(item));
    }
    return { body: form.toString(), contentType: binding.mediaType };
  }
  if (type.startsWith('multipart/')) return multipart(binding, asObject(value));
  if (binding.binary === 'whole')
    return { body: fromBase64(String(value), binding.argument), contentType: binding.mediaType };
  if (isTextMediaType(type) && typeof value === 'string')
    return { body: value, contentType: binding.mediaType };
  return { body: JSON.stringify(value), contentType: binding.mediaType };
}

/**
 * A multipart body (OpenAPI 3.1 §4.8.14.4): a file field is a file part of its bytes; an
 * object, a field part of type application/json; anything else, a text field; an array,
 * one part per item. Written out rather than through FormData, which can only give a part
 * a Content-Type by making it a file (`filename="blob"`), and servers (busboy, multer,
 * Starlette) read a part with a filename as an upload, not as the field they expect.
 */
function multipart(
  binding: BodyBinding,
  fields: Record<string, unknown>,
): { body: BodyInit; contentType: string } {
  const files = new Set(Array.isArray(binding.binary) ? binding.binary : []);
  const boundary = `----lambda-mcp-${crypto.randomUUID()}`;
  const encoder = new TextEncoder();
  const chunks: Uint8Array[] = [];
  const part = (name: string, headers: string, content: Uint8Array) => {
    chunks.push(
      encoder.encode(
        `--${boundary}\r\nContent-Disposition: form-data; name="${quoted(name)}"${headers}\r\n\r\n`,
      ),
      content,
      encoder.encode('\r\n'),
    );
  };
  for (const [name, field] of Object.entries(fields)) {
    for (const item of Array.isArray(field) ? field : [field]) {
      if (files.has(name)) {
        part(
          name,
          `; filename="${quoted(name)}"\r\nContent-Type: ${binding.partTypes?.[name] ?? 'application/octet-stream'}`,
          fromBase64(String(item), name),
        );
      } else if (typeof item === 'object' && item !== null) {
        part(name, '\r\nContent-Type: application/json', encoder.encode(JSON.stringify(item)));
      } else {
        part(name, '', encoder.encode(fieldText(item)));
      }
    }
  }
  chunks.push(encoder.encode(`--${boundary}--\r\n`));
  const body = new Uint8Array(chunks.reduce((sum, chunk) => sum + chunk.byteLength, 0));
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return { body, contentType: `${binding.mediaType.split(';')[0]?.trim()}; boundary=${boundary}` };
}

/** A name inside a quoted Content-Disposition parameter, escaped as browsers do (WHATWG HTML). */
function quoted(name: string): string {
  return name.replace(/[\r\n"]/g, (c) => (c === '"' ? '%22' : c === '\r' ? '%0D' : '%0A'));
}

/**
 * A deepObject form field: `name[key]=value`, nested objects and arrays one bracket per
 * level, array items by index (`items[0][price]=...`, as Stripe and qs read them).
 */
function appendDeep(form: URLSearchParams, name: string, value: unknown): void {
  if (typeof value === 'object' && value !== null) {
    const entries = Array.isArray(value)
      ? value.map((item, i) => [String(i), item] as const)
      : Object.entries(value);
    for (const [key, item] of entries) appendDeep(form, `${name}[${key}]`, item);
  } else {
    form.append(name, fieldText(value));
  }
}

function asObject(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

/**
 * A form field's text. A form has no null: it is sent empty, which is how form APIs read
 * "unset" (Stripe's documented way to clear a field), not as the word "null".
 */
function fieldText(value: unknown): string {
  if (value === null) return '';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

function fromBase64(text: string, argument: string): Uint8Array<ArrayBuffer> {
  let binary: string;
  try {
    binary = atob(text.replace(/\s+/g, ''));
  } catch {
    throw new ToolError(`${argument} must be base64-encoded bytes; it is not valid base64.`, {
      code: 'VALIDATION_ERROR',
    });
  }
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
