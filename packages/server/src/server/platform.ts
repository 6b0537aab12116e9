/**
 * The host a request came through, with its raw request: what a handler needs when the
 * MCP view is not enough (a header the protocol does not carry, the Lambda context).
 * Narrow on `kind`; the types are structural so the core imports no platform's typings.
 */
export type Platform = LambdaPlatform | NodePlatform | FetchPlatform | OtherPlatform;

export interface LambdaPlatform {
  readonly kind: 'lambda';
  /** The API Gateway, Function URL or ALB event as delivered (`lambda-mcp/lambda` types it). */
  readonly event: Readonly<Record<string, unknown>>;
  readonly context: LambdaContextLike;
  /** True for the first invocation of this execution environment. */
  readonly coldStart: boolean;
}

export interface NodePlatform {
  readonly kind: 'node';
  /** Node's `http.IncomingMessage`. */
  readonly request: {
    readonly method?: string | undefined;
    readonly url?: string | undefined;
    readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  };
}

export interface FetchPlatform {
  readonly kind: 'fetch';
  readonly request: Request;
}

/** A host served through `lambda-mcp/http` by an adapter outside this package. */
export interface OtherPlatform {
  readonly kind: 'other';
  /** The adapter's name, e.g. `express`. */
  readonly name: string;
  readonly request: unknown;
}

/** The fields of Lambda's context object the framework reads. */
export interface LambdaContextLike {
  readonly awsRequestId: string;
  readonly functionName?: string | undefined;
  getRemainingTimeInMillis(): number;
}
