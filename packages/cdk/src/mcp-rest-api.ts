import { Duration } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import type * as acm from 'aws-cdk-lib/aws-certificatemanager';
import { Construct } from 'constructs';
import { functionTimeout, invokeTarget, type McpFunctionLike } from './function-target.ts';
import { warnIfFunctionOutlivesIntegration } from './integration-timeout.ts';
import type { McpAuthorizerOptions } from './mcp-authorizer-options.ts';
import { apiKeyChallenge, DEFAULT_KEY_HEADER, DEFAULT_MCP_PATH, mcpRoutes } from './mcp-routes.ts';
import { DEFAULT_THROTTLE, type McpThrottle } from './throttle.ts';

export interface McpRestApiProps {
  function: McpFunctionLike;
  /**
   * A REQUEST authorizer on the MCP route. Without one the function must check callers
   * itself, and its own 401 challenge reaches clients renamed (API Gateway REST APIs remap a
   * proxied `WWW-Authenticate` to `x-amzn-Remapped-WWW-Authenticate`; the `UNAUTHORIZED`
   * gateway response covers only API Gateway's own 401): OAuth clients that discover the
   * authorization server from that header find nothing. For auth in the function, prefer
   * `McpFunctionUrl`, whose responses pass through unchanged.
   */
  authorizer?: McpAuthorizerOptions;
  /**
   * Stream the function's response (`responseTransferMode: STREAM`): the function must be
   * the streaming handler (`createStreamingHandler`). Default false (buffered: Lambda's 6 MB).
   */
  streaming?: boolean;
  /** Default `v1`: the public URL is `https://…/v1/mcp`, the seed's layout. */
  stageName?: string;
  /** Default `mcp` (the framework's endpoint `/mcp`). */
  mcpPath?: string;
  /** Stage throttling (default 50 requests/s, bursts of 100). */
  throttle?: McpThrottle;
  /**
   * A usage plan on the stage; default none. Its throttle and quota count only requests
   * that carry an API Gateway API key on a method with `apiKeyRequired`, and the routes here
   * require none (MCP clients send the lambda-mcp key, which API Gateway does not know):
   * on its own the plan limits nothing. Stage-wide limits are `throttle`. Per-client plans
   * need `restApiProps: { apiKeySourceType: AUTHORIZER }`, an authorizer returning
   * `usageIdentifierKey` (`createApiKeyAuthorizer` does not) and keys added to the plan.
   */
  usagePlan?: apigateway.UsagePlanProps;
  /**
   * The `WWW-Authenticate` value of API Gateway's own 401 (no key sent: the authorizer is
   * not even invoked). Default the function's: `ApiKey header="x-api-key"`, or `Bearer` when
   * the authorizer's header is `authorization`.
   */
  challenge?: string;
  /**
   * Integration timeout. Buffered: default API Gateway's 29 s (more needs a quota raise).
   * Streaming: default the function's timeout (an `McpFunction` or a `lambda.Function`), at
   * most 15 minutes; without it API Gateway would cut the stream at 29 s.
   */
  integrationTimeout?: Duration;
  /** A custom domain mapped at its root, so `/.well-known/…` discovery works from the domain. */
  domain?: { domainName: string; certificate: acm.ICertificate };
  /** Anything else for the RestApi, applied last. */
  restApiProps?: Partial<apigateway.RestApiProps>;
}

/** An API Gateway REST API in front of an MCP function: the MCP route, health, well-known. */
export class McpRestApi extends Construct {
  readonly api: apigateway.RestApi;
  readonly authorizer: apigateway.RequestAuthorizer | undefined;
  /** The MCP endpoint's public URL on the execute-api domain. */
  readonly mcpUrl: string;

  constructor(scope: Construct, id: string, props: McpRestApiProps) {
    super(scope, id);
    const throttle = props.throttle ?? DEFAULT_THROTTLE;
    const header = props.authorizer?.header ?? DEFAULT_KEY_HEADER;
    this.api = new apigateway.RestApi(this, 'Api', {
      description: 'MCP server (lambda-mcp)',
      endpointTypes: [apigateway.EndpointType.REGIONAL],
      // The CloudWatch role is an account-wide API Gateway setting (AWS::ApiGateway::Account):
      // a stack should not take it over. Access logs need it; opt in with restApiProps.
      cloudWatchRole: false,
      deployOptions: {
        stageName: props.stageName ?? 'v1',
        throttlingRateLimit: throttle.rateLimit,
        throttlingBurstLimit: throttle.burstLimit,
      },
      ...(props.domain
        ? {
            domainName: {
              domainName: props.domain.domainName,
              certificate: props.domain.certificate,
              endpointType: apigateway.EndpointType.REGIONAL,
            },
          }
        : {}),
      ...props.restApiProps,
    });

    this.authorizer = props.authorizer
      ? new apigateway.RequestAuthorizer(this, 'Authorizer', {
          handler: invokeTarget(props.authorizer.function),
          identitySources: [apigateway.IdentitySource.header(header)],
          resultsCacheTtl: props.authorizer.resultsCacheTtl ?? Duration.seconds(0),
        })
      : undefined;

    if (!props.streaming) {
      warnIfFunctionOutlivesIntegration(this, id, props.function, {
        timeout: props.integrationTimeout ?? BUFFERED_TIMEOUT,
        name: "the buffered integration's",
        instead: 'stream',
      });
    }
    const integration = new apigateway.LambdaIntegration(invokeTarget(props.function), {
      proxy: true,
      // One permission per method for the console's test button would double the function's
      // resource policy, which is capped at 20 KB.
      allowTestInvoke: false,
      timeout: integrationTimeout(id, props),
      ...(props.streaming ? { responseTransferMode: apigateway.ResponseTransferMode.STREAM } : {}),
    });
    for (const route of mcpRoutes(props.mcpPath ?? DEFAULT_MCP_PATH)) {
      const resource = this.api.root.resourceForPath(route.path);
      resource.addMethod(
        route.method,
        integration,
        route.authorized && this.authorizer
          ? { authorizer: this.authorizer, authorizationType: apigateway.AuthorizationType.CUSTOM }
          : { authorizationType: apigateway.AuthorizationType.NONE },
      );
    }
    addGatewayResponses(this.api, props.challenge ?? apiKeyChallenge(header));
    if (props.usagePlan) {
      this.api.addUsagePlan('UsagePlan', props.usagePlan).addApiStage({ stage: this.api.deploymentStage });
    }
    this.mcpUrl = this.api.urlForPath(`/${(props.mcpPath ?? DEFAULT_MCP_PATH).replace(/^\/+/, '')}`);
  }
}

/** API Gateway's limit on a streamed response (and Lambda's on a function). */
const MAX_STREAM_TIMEOUT = Duration.minutes(15);

/**
 * A streamed response ends when the integration times out, and that is 29 s unless set: a
 * stream lasts as long as the function may run, up to API Gateway's 15 minutes.
 */
function integrationTimeout(id: string, props: McpRestApiProps): Duration | undefined {
  if (!props.streaming) return props.integrationTimeout;
  if (props.integrationTimeout) {
    if (props.integrationTimeout.toMilliseconds() > MAX_STREAM_TIMEOUT.toMilliseconds()) {
      throw new Error(
        `${id}: integrationTimeout of a streamed response is at most 15 minutes, got ${props.integrationTimeout.toHumanString()}`,
      );
    }
    return props.integrationTimeout;
  }
  return functionTimeout(props.function);
}

/** API Gateway's default (and, without a quota raise, longest) buffered integration timeout. */
const BUFFERED_TIMEOUT = Duration.seconds(29);

const JSON_RPC_TYPE = 'application/json';

/** A header value in a gateway response is a mapping expression: a literal is single-quoted. */
const literal = (value: string) => `'${value.replace(/'/g, '')}'`;

/**
 * API Gateway answers some requests itself. Its defaults are `{"message": …}` bodies a
 * MCP client cannot read, and a proxied function's own `WWW-Authenticate` arrives renamed
 * to `x-amzn-Remapped-WWW-Authenticate`, so the challenge must be set here: the same
 * status, challenge and JSON-RPC body the function sends.
 */
function addGatewayResponses(api: apigateway.RestApi, challenge: string): void {
  // No key: the authorizer is not invoked (its identity source is missing), or it said Unauthorized.
  api.addGatewayResponse('Unauthorized', {
    type: apigateway.ResponseType.UNAUTHORIZED,
    statusCode: '401',
    responseHeaders: { 'WWW-Authenticate': literal(challenge) },
    templates: {
      [JSON_RPC_TYPE]:
        '{"jsonrpc":"2.0","id":null,"error":{"code":-32001,"message":"Unauthorized: send an API key"}}',
    },
  });
  // The authorizer's Deny: an unknown, revoked or expired key.
  api.addGatewayResponse('AccessDenied', {
    type: apigateway.ResponseType.ACCESS_DENIED,
    statusCode: '403',
    templates: {
      [JSON_RPC_TYPE]:
        '{"jsonrpc":"2.0","id":null,"error":{"code":-32003,"message":"Forbidden: the API key is unknown, revoked or expired"}}',
    },
  });
  // A path with no route: API Gateway's "Missing Authentication Token" 403 is a 404.
  api.addGatewayResponse('NotFound', {
    type: apigateway.ResponseType.MISSING_AUTHENTICATION_TOKEN,
    statusCode: '404',
    templates: { [JSON_RPC_TYPE]: '{"message":"Not found"}' },
  });
  // The authorizer threw (createApiKeyAuthorizer does when its key store fails, so that
  // nothing is cached) or timed out: API Gateway's default is a 500 {"message":null}, which
  // clients take for a server bug. The key check, not the key, failed: a retryable 503 with a
  // JSON-RPC body, as apiKeyAuth answers a failing store inside the function. A throw is an
  // AUTHORIZER_CONFIGURATION_ERROR (x-amzn-ErrorType: AuthorizerConfigurationException).
  for (const [id, type] of [
    ['AuthorizerError', apigateway.ResponseType.AUTHORIZER_CONFIGURATION_ERROR],
    ['AuthorizerFailure', apigateway.ResponseType.AUTHORIZER_FAILURE],
  ] as const) {
    api.addGatewayResponse(id, {
      type,
      statusCode: '503',
      responseHeaders: { 'Retry-After': literal('5') },
      templates: { [JSON_RPC_TYPE]: AUTHORIZER_ERROR_BODY },
    });
  }
}

const AUTHORIZER_ERROR_BODY =
  '{"jsonrpc":"2.0","id":null,"error":{"code":-32603,"message":"The API key check could not be completed; try again shortly"}}';
