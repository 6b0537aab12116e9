import type { OperationTool } from './convert-document.ts';
import { encodeBody } from './encode-body.ts';
import type { RequestParts } from './place-credential.ts';
import {
  serializeCookieParameter,
  serializeHeaderParameter,
  serializePathParameter,
  serializeQueryParameter,
} from './serialize-parameter.ts';

/** An outgoing request before the credential and forwarded headers are added. */
export interface UpstreamRequest extends RequestParts {
  method: string;
  /** The path with its parameters filled in and encoded, without the query. */
  path: string;
  body: BodyInit | undefined;
}

/**
 * Builds the request for validated arguments: each parameter serialised in its declared
 * style and place, the body from the flat arguments (or the `body` argument) in the
 * operation's media type. Arguments left out are left out of the request.
 */
export function buildRequest(tool: OperationTool, args: Record<string, unknown>): UpstreamRequest {
  const request: UpstreamRequest = {
    method: tool.method.toUpperCase(),
    path: tool.path,
    headers: { accept: tool.accept },
    query: [],
    cookies: [],
    body: undefined,
  };
  for (const { argument, parameter } of tool.parameters) {
    const value = args[argument];
    if (value === undefined) continue;
    switch (parameter.in) {
      case 'path':
        request.path = request.path
          .split(`{${parameter.name}}`)
          .join(serializePathParameter(parameter, value));
        break;
      case 'query':
        request.query.push(...serializeQueryParameter(parameter, value));
        break;
      case 'header':
        request.headers[parameter.name.toLowerCase()] = serializeHeaderParameter(parameter, value);
        break;
      case 'cookie':
        request.cookies.push(serializeCookieParameter(parameter, value));
        break;
    }
  }
  const body = tool.body;
  if (body === undefined) return request;
  const value = body.flat === undefined ? args[body.argument] : pick(args, body.flat, body.required);
  if (value === undefined) return request;
  const encoded = encodeBody(body, value);
  request.body = encoded.body;
  if (encoded.contentType !== undefined) request.headers['content-type'] = encoded.contentType;
  return request;
}

/** The body of a flat operation: the properties the caller gave; none at all sends no optional body. */
function pick(
  args: Record<string, unknown>,
  names: readonly string[],
  required: boolean,
): Record<string, unknown> | undefined {
  const body: Record<string, unknown> = {};
  for (const name of names) if (args[name] !== undefined) body[name] = args[name];
  return Object.keys(body).length === 0 && !required ? undefined : body;
}
