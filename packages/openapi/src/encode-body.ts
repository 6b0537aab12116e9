import { ToolError } from 'lambda-mcp';
import type { BodyBinding } from './operation-input.ts';

/**
 * The request body in the operation's media type: JSON (and `+json`), URL-encoded form
 * (objects in a field as JSON), multipart (file fields decoded from base64, objects as JSON
 * parts), text, or bytes decoded from base64. `contentType` is undefined for multipart:
 * fetch writes it with the boundary.
 */
export function encodeBody(
  binding: BodyBinding,
  value: unknown,
): { body: BodyInit; contentType: string | undefined } {
  const type = binding.mediaType.toLowerCase();
  if (type === 'application/x-www-form-urlencoded') {
    const form = new URLSearchParams();
    for (const [name, field] of Object.entries(asObject(value))) {
      for (const item of Array.isArray(field) ? field : [field]) form.append(name, fieldText(item));
    }
    return { body: form.toString(), contentType: binding.mediaType };
  }
  if (type.startsWith('multipart/')) {
    const form = new FormData();
    const files = new Set(Array.isArray(binding.binary) ? binding.binary : []);
    for (const [name, field] of Object.entries(asObject(value))) {
      if (files.has(name)) {
        form.append(
          name,
          new Blob([fromBase64(String(field), name)], { type: 'application/octet-stream' }),
          name,
        );
      } else if (typeof field === 'object' && field !== null) {
        form.append(name, new Blob([JSON.stringify(field)], { type: 'application/json' }));
      } else {
        form.append(name, String(field));
      }
    }
    return { body: form, contentType: undefined };
  }
  if (binding.binary === 'whole')
    return { body: fromBase64(String(value), binding.argument), contentType: binding.mediaType };
  if (type.startsWith('text/') && typeof value === 'string')
    return { body: value, contentType: binding.mediaType };
  return { body: JSON.stringify(value), contentType: binding.mediaType };
}

function asObject(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

function fieldText(value: unknown): string {
  return typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value);
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
