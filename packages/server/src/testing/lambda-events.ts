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

/** What every builder takes: the request as a client sent it. */
export interface EventRequest {
  /** Default `POST`. */
  method?: string;
  /** The path the client asked for, with any query. Default `/mcp`. */
  path?: string;
  headers?: Record<string, string>;
  body?: string;
  /** The caller's address. Default `192.0.2.1` (TEST-NET-1). */
  sourceIp?: string;
}

/** The path and the query after its first `?` (a later `?` is part of the query, as in a URL). */
function split(path: string): { path: string; query: string } {
  const mark = path.indexOf('?');
  return mark === -1 ? { path, query: '' } : { path: path.slice(0, mark), query: path.slice(mark + 1) };
}

function queryObject(query: string): Record<string, string> | null {
  if (query === '') return null;
  return Object.fromEntries(new URLSearchParams(query));
}

/** Every value of each parameter, in order, as `multiValueQueryStringParameters` carries them. */
function multiValueQueryObject(query: string): Record<string, string[]> | null {
  if (query === '') return null;
  const values: Record<string, string[]> = {};
  for (const [name, value] of new URLSearchParams(query)) values[name] = [...(values[name] ?? []), value];
  return values;
}

export interface RestApiRequest extends EventRequest {
  /** Default `prod`. */
  stage?: string;
  /**
   * A custom domain (`api.example.com`) and its base path mapping (`/v1`, or '' for none):
   * the event's `path` then carries the mapping, as API Gateway delivers it.
   */
  customDomain?: { domainName: string; basePath: string };
  /** A Lambda authorizer's output: `principalId` and its context values. */
  authorizer?: Record<string, unknown>;
  /** The API resource the method is on. Default `/{proxy+}` when the path is not `/mcp`, else `/mcp`. */
  resource?: string;
}

/**
 * The event an API Gateway REST API proxy integration (payload format 1.0) delivers, shaped
 * like the sample in the AWS documentation: headers both single and multi-value, the stage
 * in `requestContext.path`, an authorizer's context when given.
 */
export function restApiEvent(request: RestApiRequest = {}) {
  requests += 1;
  const method = request.method ?? 'POST';
  const { path, query } = split(request.path ?? '/mcp');
  const stage = request.stage ?? 'prod';
  const domainName = request.customDomain?.domainName ?? DOMAIN;
  const headers: Record<string, string> = {
    Host: domainName,
    'X-Forwarded-Proto': 'https',
    'X-Forwarded-Port': '443',
  };
  for (const [name, value] of Object.entries(request.headers ?? {})) headers[name] = value;
  const resource = request.resource ?? (path === '/mcp' ? '/mcp' : '/{proxy+}');
  const publicPath = request.customDomain ? `${request.customDomain.basePath}${path}` : `/${stage}${path}`;
  const now = Date.now();
  return {
    resource,
    path: request.customDomain ? publicPath : path,
    httpMethod: method,
    headers,
    multiValueHeaders: Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, [value]])),
    queryStringParameters: queryObject(query),
    multiValueQueryStringParameters: multiValueQueryObject(query),
    pathParameters: resource === '/{proxy+}' ? { proxy: path.slice(1) } : null,
    stageVariables: null,
    requestContext: {
      resourceId: 'abc123',
      resourcePath: resource,
      httpMethod: method,
      requestTime: requestTime(now),
      path: publicPath,
      accountId: '123456789012',
      protocol: 'HTTP/1.1',
      stage,
      domainPrefix: domainName.split('.')[0],
      requestTimeEpoch: now,
      requestId: `request-${requests}`,
      // Every member API Gateway sends, null unless IAM, Cognito, an API key or mTLS set it.
      identity: {
        accessKey: null,
        accountId: null,
        apiKey: null,
        apiKeyId: null,
        caller: null,
        clientCert: null,
        cognitoAuthenticationProvider: null,
        cognitoAuthenticationType: null,
        cognitoIdentityId: null,
        cognitoIdentityPoolId: null,
        principalOrgId: null,
        sourceIp: request.sourceIp ?? '192.0.2.1',
        user: null,
        userAgent: headerValue(headers, 'user-agent') ?? '',
        userArn: null,
      },
      domainName,
      apiId: 'abc123',
      // Absent without an authorizer (undefined: not in the JSON Lambda delivers); a key all the
      // same, so the event is assignable to @types/aws-lambda's APIGatewayProxyEvent.
      authorizer: request.authorizer ? { ...request.authorizer, integrationLatency: 0 } : undefined,
    },
    body: request.body === undefined || request.body === '' ? null : request.body,
    isBase64Encoded: false,
  };
}

/** A header's value whatever the case its name was given in (REST APIs keep the client's). */
function headerValue(headers: Record<string, string>, name: string): string | undefined {
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === name) return value;
  return undefined;
}

/** A Lambda Function URL event: payload format 2.0 on the function's own domain. */
export function functionUrlEvent(request: EventRequest & { authorizer?: Record<string, unknown> } = {}) {
  const event = httpApiEvent(request);
  const domainName = 'abcdefghijklmnop.lambda-url.us-east-1.on.aws';
  return {
    ...event,
    headers: { ...event.headers, host: domainName },
    requestContext: {
      ...event.requestContext,
      domainName,
      domainPrefix: 'abcdefghijklmnop',
      apiId: 'abcdefghijklmnop',
    },
  };
}

/**
 * An Application Load Balancer event; with `multiValue` the target group's multi-value
 * headers setting is on, and headers arrive only as arrays.
 */
/** What every `albEvent` has, whichever header mode its target group uses. */
interface AlbTestEvent {
  requestContext: { elb: { targetGroupArn: string } };
  httpMethod: string;
  path: string;
  body: string;
  isBase64Encoded: boolean;
}

/** An ALB event from a target group without multi-value headers (the default). */
export interface AlbSingleValueEvent extends AlbTestEvent {
  headers: Record<string, string>;
  queryStringParameters: Record<string, string>;
}

/** An ALB event from a target group with multi-value headers on. */
export interface AlbMultiValueEvent extends AlbTestEvent {
  multiValueHeaders: Record<string, string[]>;
  multiValueQueryStringParameters: Record<string, string[]>;
}

// Overloads: the shape follows `multiValue`, so `albEvent().headers` types without narrowing.
export function albEvent(request?: EventRequest & { multiValue?: false }): AlbSingleValueEvent;
export function albEvent(request: EventRequest & { multiValue: true }): AlbMultiValueEvent;
export function albEvent(
  request?: EventRequest & { multiValue?: boolean },
): AlbSingleValueEvent | AlbMultiValueEvent;
export function albEvent(
  request: EventRequest & { multiValue?: boolean } = {},
): AlbSingleValueEvent | AlbMultiValueEvent {
  const { path, query } = split(request.path ?? '/mcp');
  const headers: Record<string, string> = {
    host: 'mcp-alb-123.us-east-1.elb.amazonaws.com',
    'x-forwarded-proto': 'https',
  };
  for (const [name, value] of Object.entries(request.headers ?? {})) headers[name.toLowerCase()] = value;
  const base = {
    requestContext: {
      elb: {
        targetGroupArn:
          'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/mcp/6d0ecf831eec9f09',
      },
    },
    httpMethod: request.method ?? 'POST',
    path,
    body: request.body ?? '',
    isBase64Encoded: false,
  };
  // ALB passes names and values as the client encoded them (unlike API Gateway, it decodes nothing).
  const pairs = query
    .split('&')
    .filter(Boolean)
    .map((pair): [string, string] => {
      const equals = pair.indexOf('=');
      return equals === -1 ? [pair, ''] : [pair.slice(0, equals), pair.slice(equals + 1)];
    });
  if (request.multiValue) {
    const values: Record<string, string[]> = {};
    for (const [name, value] of pairs) values[name] = [...(values[name] ?? []), value];
    return {
      ...base,
      multiValueQueryStringParameters: values,
      multiValueHeaders: Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, [value]])),
    };
  }
  // Without multi-value headers a repeated parameter keeps its last value.
  return { ...base, queryStringParameters: Object.fromEntries(pairs), headers };
}

/**
 * The event API Gateway HTTP APIs (payload format 2.0) and Lambda Function URLs deliver
 * for a request on the `$default` stage, shaped like the sample in the AWS documentation.
 * For unit tests of a Lambda handler, and for hosting one locally (`serveLambdaHandler`).
 */
// The return type is inferred: the full event, assignable to the adapter's `HttpApiEvent`.
export function httpApiEvent(request: HttpApiRequest = {}) {
  requests += 1;
  const method = request.method ?? 'POST';
  const { path: rawPath, query: rawQueryString } = split(request.path ?? '/mcp');
  const headers: Record<string, string> = { host: DOMAIN, 'x-forwarded-proto': 'https' };
  for (const [name, value] of Object.entries(request.headers ?? {})) headers[name.toLowerCase()] = value;
  // Payload 2.0 moves the Cookie header into `cookies`, one entry per cookie.
  const cookies = headers.cookie
    ?.split(';')
    .map((cookie) => cookie.trim())
    .filter(Boolean);
  delete headers.cookie;
  // Decoded, a repeated parameter's values joined with commas; absent without a query.
  const query: Record<string, string> = {};
  for (const [name, value] of new URLSearchParams(rawQueryString))
    query[name] = name in query ? `${query[name]},${value}` : value;
  const sourceIp = request.sourceIp ?? '192.0.2.1';
  const now = Date.now();
  const event = {
    version: '2.0' as const,
    routeKey: '$default',
    rawPath,
    rawQueryString,
    ...(cookies?.length ? { cookies } : {}),
    headers,
    ...(rawQueryString !== '' ? { queryStringParameters: query } : {}),
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

/**
 * A Lambda context as the Node.js runtime passes it: every field of @types/aws-lambda's
 * `Context` (so handlers typed with it take it), the deadline counting down from `remainingMs`.
 */
export function lambdaContext(
  options: { remainingMs?: number; awsRequestId?: string; functionName?: string } = {},
) {
  invocations += 1;
  const deadline = Date.now() + (options.remainingMs ?? 30_000);
  const functionName = options.functionName ?? 'mcp-local';
  const stream = String(invocations).padStart(32, '0');
  const legacy = (name: string) => () => {
    throw new Error(
      `lambdaContext: context.${name} is not supported; return the result from the async handler (or throw)`,
    );
  };
  return {
    awsRequestId: options.awsRequestId ?? `00000000-0000-4000-8000-${String(invocations).padStart(12, '0')}`,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:123456789012:function:${functionName}`,
    memoryLimitInMB: '1024',
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: `${logStreamDate(Date.now())}/[$LATEST]${stream}`,
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: legacy('done') as (error?: Error, result?: unknown) => void,
    fail: legacy('fail') as (error: Error | string) => void,
    succeed: legacy('succeed') as (messageOrObject: unknown, object?: unknown) => void,
  };
}

/** The date a log stream name starts with: `2026/12/02`. */
function logStreamDate(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 10).replaceAll('-', '/');
}
