import type { Exchange } from '../../http/exchange.ts';
import type { LambdaPlatform } from '../../server/platform.ts';
import { authorizerIdentity } from './authorizer-identity.ts';
import type { EventKind } from './event-kind.ts';
import type { AlbEvent, HttpApiEvent, LambdaContext, RestApiEvent } from './lambda-event.ts';

export type HttpEventKind = Extract<EventKind, { kind: 'alb' | 'http-api' | 'rest-api' }>;

/** Execution facts the handler adds to every exchange. */
export interface InvocationFacts {
  context: LambdaContext;
  coldStart: boolean;
  signal?: AbortSignal;
  /** The HTTP options' `deadlineMarginMs`: with less time left than this, the request is over before it starts. */
  marginMs: number;
}

/**
 * Translates an API Gateway, Function URL or ALB event into a plain Exchange. Every
 * exchange is built with the same properties in the same order (absent ones undefined):
 * one object shape on the hot path, no intermediate objects.
 */
export function toExchange(source: HttpEventKind, facts: InvocationFacts): Exchange {
  const platform: LambdaPlatform = {
    kind: 'lambda',
    event: source.event as unknown as LambdaPlatform['event'],
    context: facts.context,
    coldStart: facts.coldStart,
  };
  const now = Date.now();
  const remaining = timeLeft(source, facts.context.getRemainingTimeInMillis(), now);
  const deadline = now + remaining;
  // Invoked with less time left than the margin: a handler started now would be stopped at
  // once and answer after the grace period, when Lambda may have ended the invocation. Its
  // signal is aborted before it starts, so it is never run and the answer is immediate.
  const signal = remaining > facts.marginMs ? facts.signal : deadlinePassed();
  if (source.kind === 'http-api') {
    const e = source.event;
    const headers = lowerCase(e.headers);
    if (e.cookies && e.cookies.length > 0) headers.cookie = e.cookies.join('; ');
    return {
      method: e.requestContext.http.method.toUpperCase(),
      path: httpApiPath(e),
      headers,
      body: decodeBody(e.body, e.isBase64Encoded),
      signal,
      deadline,
      publicBase: publicBase(e.requestContext.domainName, httpApiStagePrefix(e)),
      auth: authorizerIdentity(e.requestContext.authorizer),
      platform,
    };
  }
  const e: RestApiEvent | AlbEvent = source.event;
  const rest = source.kind === 'rest-api' ? source.event : undefined;
  const path = rest ? restApiPath(rest) : e.path;
  return {
    method: e.httpMethod.toUpperCase(),
    path,
    headers: e.multiValueHeaders ? joinMultiValue(e.multiValueHeaders, e.headers) : lowerCase(e.headers),
    body: decodeBody(e.body, e.isBase64Encoded ?? false),
    signal,
    deadline,
    publicBase: rest
      ? publicBase(rest.requestContext.domainName, restApiPublicPrefix(rest, path))
      : undefined,
    auth: rest ? authorizerIdentity(rest.requestContext.authorizer) : undefined,
    platform,
  };
}

/** HTTP APIs end every integration call at 30 s, whatever the function's timeout; it cannot be raised. */
const HTTP_API_TIMEOUT_MS = 30_000;

/**
 * Only a deployed function has a gateway in front of it. Outside Lambda (unit tests,
 * `serveLambdaHandler`, benchmarks) an event built as an HTTP API's keeps the context's time,
 * as those tests expect.
 */
const DEPLOYED = Boolean(process.env.AWS_LAMBDA_FUNCTION_NAME);

function timeLeft(source: HttpEventKind, lambdaMs: number, now: number): number {
  return DEPLOYED ? gatewayTimeLeft(source, lambdaMs, now) : lambdaMs;
}

/**
 * The time left to answer: the function's, or, behind an HTTP API, what is left of its 30 s
 * since the request arrived, when that is shorter. Past it the client has had a 503 and the
 * TIMEOUT answer would reach nobody. A request that arrived longer ago than that is a recorded
 * event replayed, not a live one, and keeps the function's time.
 */
export function gatewayTimeLeft(source: HttpEventKind, lambdaMs: number, now: number): number {
  const arrived = httpApiArrival(source);
  if (arrived === undefined) return lambdaMs;
  const gatewayMs = arrived + HTTP_API_TIMEOUT_MS - now;
  return gatewayMs > 0 && gatewayMs < lambdaMs ? gatewayMs : lambdaMs;
}

/** When an HTTP API received the request (payload 2.0, or 1.0 with its `version`), if one did. */
function httpApiArrival(source: HttpEventKind): number | undefined {
  if (source.kind === 'http-api') {
    const { timeEpoch, domainName } = source.event.requestContext;
    // Function URLs send payload 2.0 too, on *.lambda-url.<region>.on.aws, with no such limit.
    return typeof timeEpoch === 'number' && !domainName?.endsWith('.on.aws') ? timeEpoch : undefined;
  }
  if (source.kind === 'rest-api' && source.event.version === '1.0') {
    const { requestTimeEpoch } = source.event.requestContext;
    return typeof requestTimeEpoch === 'number' ? requestTimeEpoch : undefined;
  }
  return undefined;
}

function deadlinePassed(): AbortSignal {
  return AbortSignal.abort(new DOMException('The request deadline passed', 'TimeoutError'));
}

/** API Gateway names the domain the request arrived on: a public URL no client header can bend. */
function publicBase(domainName: string | undefined, prefix: string): string | undefined {
  return domainName ? `https://${domainName}${prefix}` : undefined;
}

/**
 * A named stage is in the URL on the execute-api domain only. A custom domain's URL has its
 * API mapping key instead, which payload 2.0 does not carry: the root mapping (no key) is
 * assumed, and a server mapped under a key names its URL with `publicUrl`.
 */
function httpApiStagePrefix(event: HttpApiEvent): string {
  const { stage, domainName } = event.requestContext;
  if (stage === undefined || stage === '$default') return '';
  return domainName?.includes('.execute-api.') ? `/${stage}` : '';
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
 * request came from; `path` minus the stage is the fallback. An HTTP API set to payload 1.0
 * puts its route key there instead, `$default` for the catch-all route: not a path.
 */
function restApiPath(event: RestApiEvent): string {
  const template = event.requestContext.resourcePath ?? event.resource;
  if (template !== undefined && template.charCodeAt(0) === SLASH) {
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

const SLASH = 47;

function stripPrefix(path: string, prefix: string | undefined): string {
  if (!prefix || prefix === '/') return path;
  if (path === prefix) return '/';
  return path.startsWith(`${prefix}/`) ? path.slice(prefix.length) : path;
}

/**
 * Header names in lower case, in a copy the exchange owns. HTTP APIs and Function URLs
 * already send them lower case, so the common case only copies.
 */
function lowerCase(headers: Record<string, string | undefined> | null | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  if (!headers) return result;
  for (const name in headers) {
    const value = headers[name];
    if (value !== undefined) result[hasUpperCase(name) ? name.toLowerCase() : name] = value;
  }
  return result;
}

function hasUpperCase(name: string): boolean {
  for (let i = 0; i < name.length; i++) {
    const code = name.charCodeAt(i);
    if (code >= 65 && code <= 90) return true;
  }
  return false;
}

/**
 * Repeated headers join with ", " as HTTP allows (cookies with "; "). Names keep the case the
 * client sent, so one header sent as `Accept` and as `accept` comes under two names: joined too.
 * API Gateway fills both fields; an event written by hand often leaves `multiValueHeaders`
 * as `{}` (a required member of APIGatewayProxyEvent), and then `headers` is what it means.
 */
function joinMultiValue(
  headers: Record<string, string[] | undefined>,
  single: Record<string, string | undefined> | null | undefined,
): Record<string, string> {
  const result: Record<string, string> = {};
  let any = false;
  for (const [name, values] of Object.entries(headers)) {
    if (!values || values.length === 0) continue;
    any = true;
    const key = name.toLowerCase();
    const separator = key === 'cookie' ? '; ' : ', ';
    const joined = values.join(separator);
    const earlier = result[key];
    result[key] = earlier === undefined ? joined : `${earlier}${separator}${joined}`;
  }
  return any ? result : lowerCase(single);
}

function decodeBody(body: string | null | undefined, isBase64Encoded: boolean): string {
  if (!body) return '';
  return isBase64Encoded ? Buffer.from(body, 'base64').toString('utf8') : body;
}
