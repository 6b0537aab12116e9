import type { Exchange } from '../../http/exchange.ts';
import type { AuthInfo } from '../../server/auth-info.ts';
import type { LambdaPlatform } from '../../server/platform.ts';
import { authorizerIdentity } from './authorizer-identity.ts';
import type { EventKind } from './event-kind.ts';
import type { AlbEvent, HttpApiEvent, LambdaContext, RestApiEvent } from './lambda-event.ts';

type HttpEventKind = Exclude<EventKind, { kind: 'warmup' } | { kind: 'unknown' }>;

/** Execution facts the handler adds to every exchange. */
export interface InvocationFacts {
  context: LambdaContext;
  coldStart: boolean;
  signal?: AbortSignal;
}

/** Translates an API Gateway, Function URL or ALB event into a plain Exchange. */
export function toExchange(source: HttpEventKind, facts: InvocationFacts): Exchange {
  const platform: LambdaPlatform = {
    kind: 'lambda',
    event: source.event as unknown as LambdaPlatform['event'],
    context: facts.context,
    coldStart: facts.coldStart,
  };
  const remaining = facts.context.getRemainingTimeInMillis();
  const common = {
    deadline: Date.now() + remaining,
    platform,
    ...(facts.signal ? { signal: facts.signal } : {}),
  };
  if (source.kind === 'http-api') {
    const e = source.event;
    const headers = lowerCase(e.headers);
    if (e.cookies && e.cookies.length > 0) headers.cookie = e.cookies.join('; ');
    return {
      ...common,
      method: e.requestContext.http.method.toUpperCase(),
      path: httpApiPath(e),
      headers,
      body: decodeBody(e.body, e.isBase64Encoded),
      ...publicBase(e.requestContext.domainName, httpApiStagePrefix(e)),
      ...withAuth(authorizerIdentity(e.requestContext.authorizer)),
    };
  }
  const e: RestApiEvent | AlbEvent = source.event;
  const path = source.kind === 'rest-api' ? restApiPath(source.event) : e.path;
  return {
    ...common,
    method: e.httpMethod.toUpperCase(),
    path,
    headers: e.multiValueHeaders ? joinMultiValue(e.multiValueHeaders) : lowerCase(e.headers),
    body: decodeBody(e.body, e.isBase64Encoded ?? false),
    ...(source.kind === 'rest-api'
      ? {
          ...publicBase(source.event.requestContext.domainName, restApiPublicPrefix(source.event, path)),
          ...withAuth(authorizerIdentity(source.event.requestContext.authorizer)),
        }
      : {}),
  };
}

/** API Gateway names the domain the request arrived on: a public URL no client header can bend. */
function publicBase(domainName: string | undefined, prefix: string): { publicBase?: string } {
  return domainName ? { publicBase: `https://${domainName}${prefix}` } : {};
}

function withAuth(auth: AuthInfo | undefined): { auth?: AuthInfo } {
  return auth ? { auth } : {};
}

function httpApiStagePrefix(event: HttpApiEvent): string {
  const stage = event.requestContext.stage;
  return stage === undefined || stage === '$default' ? '' : `/${stage}`;
}

/** What precedes the API's own path in the public URL: the stage, or a custom domain's base path. */
function restApiPublicPrefix(event: RestApiEvent, apiPath: string): string {
  const full = event.requestContext.path ?? event.path;
  return full.endsWith(apiPath) ? full.slice(0, full.length - apiPath.length) : '';
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
