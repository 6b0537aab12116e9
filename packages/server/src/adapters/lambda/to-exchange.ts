import type { Exchange } from '../../http/exchange.ts';
import { authorizerIdentity } from './authorizer-identity.ts';
import type { EventKind } from './event-kind.ts';
import type { AlbEvent, HttpApiEvent, LambdaContext, RestApiEvent } from './lambda-event.ts';

type HttpEventKind = Exclude<EventKind, { kind: 'warmup' } | { kind: 'unknown' }>;

/** Execution facts the handler adds to every exchange. */
export interface InvocationFacts {
  context: LambdaContext;
  coldStart: boolean;
  /** A mount prefix to remove (a custom domain's base path mapping), e.g. `/api`. */
  basePath: string | undefined;
  signal?: AbortSignal;
}

/** Translates an API Gateway, Function URL or ALB event into a plain Exchange. */
export function toExchange(source: HttpEventKind, facts: InvocationFacts): Exchange {
  const { event } = source;
  const platform = { kind: 'lambda', event, context: facts.context, coldStart: facts.coldStart };
  const remaining = facts.context.getRemainingTimeInMillis();
  const common = { deadline: Date.now() + remaining, platform, signal: facts.signal };
  if (source.kind === 'http-api') {
    const e = source.event;
    const headers = lowerCase(e.headers);
    if (e.cookies && e.cookies.length > 0) headers.cookie = e.cookies.join('; ');
    return {
      ...common,
      method: e.requestContext.http.method.toUpperCase(),
      path: stripPrefix(httpApiPath(e), facts.basePath),
      headers,
      body: decodeBody(e.body, e.isBase64Encoded),
      auth: authorizerIdentity(e.requestContext.authorizer),
    };
  }
  const e: RestApiEvent | AlbEvent = source.event;
  const path = source.kind === 'rest-api' ? restApiPath(source.event) : e.path;
  return {
    ...common,
    method: e.httpMethod.toUpperCase(),
    path: stripPrefix(path, facts.basePath),
    headers: e.multiValueHeaders ? joinMultiValue(e.multiValueHeaders) : lowerCase(e.headers),
    body: decodeBody(e.body, e.isBase64Encoded ?? false),
    auth: source.kind === 'rest-api' ? authorizerIdentity(source.event.requestContext.authorizer) : undefined,
  };
}

/**
 * `rawPath` carries a named stage (`/prod/mcp`); the `$default` stage and Function URLs
 * (whose stage is always `$default`) have none.
 */
function httpApiPath(event: HttpApiEvent): string {
  const stage = event.requestContext.stage;
  if (stage === undefined || stage === '$default') return event.rawPath;
  return stripPrefix(event.rawPath, `/${stage}`);
}

/**
 * On the execute-api domain `path` already lacks the stage, but through a custom domain it
 * keeps the base path mapping and, for mappings without a stage, the stage itself. The
 * resource path with its parameters filled in is the path inside the API wherever the
 * request came from; `path` minus the stage is the fallback.
 */
function restApiPath(event: RestApiEvent): string {
  const template = event.requestContext.resourcePath ?? event.resource;
  if (template !== undefined) {
    const parameters = event.pathParameters ?? {};
    let complete = true;
    const filled = template.replace(/\{([^}+]+)\+?\}/g, (_match, name: string) => {
      const value = parameters[name];
      if (value === undefined) complete = false;
      return value ?? '';
    });
    if (complete) return filled;
  }
  const stage = event.requestContext.stage;
  return stage === undefined ? event.path : stripPrefix(event.path, `/${stage}`);
}

function stripPrefix(path: string, prefix: string | undefined): string {
  if (!prefix || prefix === '/') return path;
  if (path === prefix) return '/';
  return path.startsWith(`${prefix}/`) ? path.slice(prefix.length) : path;
}

function lowerCase(headers: Record<string, string | undefined> | null | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  if (!headers) return result;
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) result[name.toLowerCase()] = value;
  }
  return result;
}

/** Repeated headers join with ", " as HTTP allows (cookies with "; "). */
function joinMultiValue(headers: Record<string, string[] | undefined>): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, values] of Object.entries(headers)) {
    if (!values || values.length === 0) continue;
    const key = name.toLowerCase();
    result[key] = values.join(key === 'cookie' ? '; ' : ', ');
  }
  return result;
}

function decodeBody(body: string | null | undefined, isBase64Encoded: boolean): string {
  if (!body) return '';
  return isBase64Encoded ? Buffer.from(body, 'base64').toString('utf8') : body;
}
