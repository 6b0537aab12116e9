import { ToolError } from 'lambda-mcp';
import type { OperationTool } from './convert-document.ts';
import { encodeBody } from './encode-body.ts';
import type { RequestParts } from './place-credential.ts';
import {
  serializeCookieParameter,
  serializeHeaderParameter,
  serializePathParameter,
  serializeQueryParameter,
} from './serialize-parameter.ts';

/** `.` and `..`, as a WHATWG URL parser reads them: `%2E` counts as a dot. */
const DOT_SEGMENT = /^(\.|%2e){1,2}$/i;

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
 * operation's media type. Arguments left out (or null, for a query, header or cookie
 * parameter) are left out of the request.
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
  // Each path segment filled on its own: a value must not become a dot segment, which any URL
  // parser (fetch's included, even as %2E%2E) would resolve, sending the call to another path,
  // nor an empty one.
  const segments = tool.path.split('/');
  for (const { argument, parameter } of tool.parameters) {
    const value = args[argument];
    // A null (a nullable parameter) is undefined in RFC 6570 terms: the parameter is left out,
    // not sent as "null". A path parameter cannot be left out: it is checked as it comes.
    if (value === undefined || (value === null && parameter.in !== 'path')) continue;
    switch (parameter.in) {
      case 'path': {
        const placeholder = `{${parameter.name}}`;
        const serialized = serializePathParameter(parameter, value);
        for (const [i, segment] of segments.entries()) {
          if (!segment.includes(placeholder)) continue;
          const filled = segment.split(placeholder).join(serialized);
          // An empty segment too: /items/{id} with "" is /items/, the collection.
          if ((DOT_SEGMENT.test(filled) && !DOT_SEGMENT.test(segment)) || filled === '') {
            throw new ToolError(
              `${argument} cannot be ${JSON.stringify(value)}: as a path segment it would change the path of ${tool.name}. Pass the value the API gave (an id or a name).`,
              { code: 'VALIDATION_ERROR' },
            );
          }
          segments[i] = filled;
        }
        break;
      }
      case 'query':
        request.query.push(...serializeQueryParameter(parameter, value));
        break;
      case 'header': {
        const header = serializeHeaderParameter(parameter, value);
        // fetch refuses such a value with a TypeError, which would read as an unreachable API.
        if (/[\r\n\0]|[^\0-\xff]/.test(header)) {
          throw new ToolError(
            `${argument} cannot be sent as the ${parameter.name} header: it holds a line break, a NUL or a character outside Latin-1. Pass it without them.`,
            { code: 'VALIDATION_ERROR' },
          );
        }
        request.headers[parameter.name.toLowerCase()] = header;
        break;
      }
      case 'cookie':
        request.cookies.push(serializeCookieParameter(parameter, value));
        break;
    }
  }
  request.path = segments.join('/');
  const body = tool.body;
  if (body === undefined) return request;
  const value = body.flat === undefined ? args[body.argument] : pick(args, body.flat, body.required);
  if (value === undefined) return request;
  // fetch throws a TypeError for a GET or HEAD with a body, which would read as an unreachable API.
  if (request.method === 'GET' || request.method === 'HEAD') {
    const given =
      body.flat === undefined ? [body.argument] : body.flat.filter((name) => args[name] !== undefined);
    throw new ToolError(
      `${tool.name} is a ${request.method}, which cannot carry the request body its document describes. Call it again without ${given.join(', ') || body.argument}.`,
      { code: 'VALIDATION_ERROR' },
    );
  }
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
