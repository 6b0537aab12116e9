import type { HttpMethod } from './openapi-types.ts';

/**
 * MCP tool annotations from the HTTP method's semantics (RFC 9110): GET and HEAD are safe,
 * PUT and DELETE idempotent, DELETE destroys; every operation reaches an outside system.
 */
export function operationAnnotations(method: HttpMethod): Record<string, unknown> {
  const annotations: Record<string, unknown> = {};
  if (method === 'get' || method === 'head' || method === 'options') {
    annotations.readOnlyHint = true;
  } else {
    annotations.readOnlyHint = false;
    annotations.destructiveHint = method === 'delete';
    annotations.idempotentHint = method === 'put' || method === 'delete';
  }
  annotations.openWorldHint = true;
  return annotations;
}
