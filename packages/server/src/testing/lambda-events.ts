import type { LambdaContext } from '../adapters/lambda/lambda-event.ts';

export interface HttpApiRequest {
  /** Default `POST`. */
  method?: string;
  /** The path the client asked for. Default `/mcp`. */
  path?: string;
  /** Header names are lower-cased, as API Gateway delivers them. */
  headers?: Record<string, string>;
  body?: string;
  /** `requestContext.requestId`. Default a counter. */
  requestId?: string;
  /** The caller's address. Default `192.0.2.1` (TEST-NET-1). */
  sourceIp?: string;
  /** `requestContext.authorizer`, as a JWT or Lambda authorizer would set it. */
  authorizer?: Record<string, unknown> | undefined;
}

const DOMAIN = 'abc123.execute-api.us-east-1.amazonaws.com';
let requests = 0;

/**
 * The event API Gateway HTTP APIs (payload format 2.0) and Lambda Function URLs deliver
 * for a request on the `$default` stage, shaped like the sample in the AWS documentation.
 * For unit tests of a Lambda handler, and for hosting one locally (`serveLambdaHandler`).
 */
// The return type is inferred: the full event, assignable to the adapter's `HttpApiEvent`.
export function httpApiEvent(request: HttpApiRequest = {}) {
  requests += 1;
  const method = request.method ?? 'POST';
  const path = request.path ?? '/mcp';
  const [rawPath = '/', rawQueryString = ''] = path.split('?', 2);
  const headers: Record<string, string> = { host: DOMAIN, 'x-forwarded-proto': 'https' };
  for (const [name, value] of Object.entries(request.headers ?? {})) headers[name.toLowerCase()] = value;
  const sourceIp = request.sourceIp ?? '192.0.2.1';
  const now = Date.now();
  const event = {
    version: '2.0' as const,
    routeKey: '$default',
    rawPath,
    rawQueryString,
    headers,
    requestContext: {
      accountId: '123456789012',
      apiId: 'abc123',
      domainName: DOMAIN,
      domainPrefix: 'abc123',
      http: { method, path: rawPath, protocol: 'HTTP/1.1', sourceIp, userAgent: headers['user-agent'] ?? '' },
      requestId: request.requestId ?? `request-${requests}`,
      routeKey: '$default',
      stage: '$default',
      time: requestTime(now),
      timeEpoch: now,
      ...(request.authorizer ? { authorizer: request.authorizer } : {}),
    },
    ...(request.body !== undefined && request.body !== '' ? { body: request.body } : {}),
    isBase64Encoded: false,
  };
  return event;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `requestContext.time` as API Gateway writes it: `21/Nov/2026:20:30:00 +0000`. */
function requestTime(epochMs: number): string {
  const date = new Date(epochMs);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(date.getUTCDate())}/${MONTHS[date.getUTCMonth()]}/${date.getUTCFullYear()}:${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())} +0000`;
}

let invocations = 0;

/** A Lambda context with the fields handlers read; the deadline counts down from `remainingMs`. */
export function lambdaContext(
  options: { remainingMs?: number; awsRequestId?: string; functionName?: string } = {},
): LambdaContext {
  invocations += 1;
  const deadline = Date.now() + (options.remainingMs ?? 30_000);
  return {
    awsRequestId: options.awsRequestId ?? `00000000-0000-4000-8000-${String(invocations).padStart(12, '0')}`,
    functionName: options.functionName ?? 'mcp-local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  };
}
