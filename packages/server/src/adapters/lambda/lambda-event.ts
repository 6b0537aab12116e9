/**
 * The Lambda event shapes this adapter reads, reduced to the fields it uses (so the
 * package needs no `@types/aws-lambda`). Field names follow the AWS documentation.
 */

type Headers = Record<string, string | undefined> | null;
type MultiValueHeaders = Record<string, string[] | undefined> | null;

/** API Gateway REST API proxy event (payload format 1.0; HTTP APIs can send it too). */
export interface RestApiEvent {
  /** `1.0` when an HTTP API sends this format; REST APIs send no version. */
  version?: string;
  httpMethod: string;
  path: string;
  resource?: string;
  headers?: Headers;
  multiValueHeaders?: MultiValueHeaders;
  pathParameters?: Record<string, string | undefined> | null;
  body: string | null;
  isBase64Encoded?: boolean;
  requestContext: {
    stage?: string;
    path?: string;
    resourcePath?: string;
    domainName?: string;
    requestId?: string;
    /** When API Gateway received the request, epoch milliseconds. */
    requestTimeEpoch?: number;
    authorizer?: Record<string, unknown> | null;
  };
}

/** API Gateway HTTP API event (payload format 2.0) and Lambda Function URL event. */
export interface HttpApiEvent {
  version: '2.0';
  rawPath: string;
  rawQueryString?: string;
  cookies?: string[];
  headers?: Headers;
  body?: string;
  isBase64Encoded: boolean;
  requestContext: {
    stage?: string;
    domainName?: string;
    requestId?: string;
    /** When API Gateway (or the Function URL) received the request, epoch milliseconds. */
    timeEpoch?: number;
    http: { method: string; path: string };
    authorizer?: Record<string, unknown>;
  };
}

/** Application Load Balancer event; `multiValueHeaders` when the target group enables them. */
export interface AlbEvent {
  httpMethod: string;
  path: string;
  headers?: Headers;
  multiValueHeaders?: MultiValueHeaders;
  body: string | null;
  isBase64Encoded: boolean;
  requestContext: { elb: { targetGroupArn: string } };
}

export type HttpEvent = RestApiEvent | HttpApiEvent | AlbEvent;

/** What a buffered handler returns; the fields each source reads. */
export interface LambdaResult {
  statusCode: number;
  /** ALB only: the status line, e.g. `200 OK`. */
  statusDescription?: string;
  headers?: Record<string, string>;
  multiValueHeaders?: Record<string, string[]>;
  /** HTTP API and Function URL: `Set-Cookie` values. */
  cookies?: string[];
  body: string;
  isBase64Encoded: boolean;
}

/** The fields of the Lambda context object this adapter uses. */
export interface LambdaContext {
  awsRequestId: string;
  functionName?: string;
  getRemainingTimeInMillis(): number;
}
