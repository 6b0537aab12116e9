import { Duration } from 'aws-cdk-lib';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as authorizers from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import * as integrations from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type * as acm from 'aws-cdk-lib/aws-certificatemanager';
import { Construct } from 'constructs';
import { invokeTarget, type McpFunctionLike } from './function-target.ts';
import { warnIfFunctionOutlivesIntegration } from './integration-timeout.ts';
import type { McpAuthorizerOptions } from './mcp-authorizer-options.ts';
import { DEFAULT_KEY_HEADER, DEFAULT_MCP_PATH, mcpRoutes } from './mcp-routes.ts';
import { DEFAULT_THROTTLE, type McpThrottle } from './throttle.ts';

export interface McpHttpApiProps {
  function: McpFunctionLike;
  /** A REQUEST authorizer (payload 2.0, simple responses) on the MCP route. */
  authorizer?: McpAuthorizerOptions;
  /** Default `mcp`. */
  mcpPath?: string;
  /** Default-stage throttling (default 50 requests/s, bursts of 100). */
  throttle?: McpThrottle;
  /** A custom domain mapped at its root, so `/.well-known/…` discovery works from the domain. */
  domain?: { domainName: string; certificate: acm.ICertificate };
  /** Anything else for the HttpApi, applied last. */
  httpApiProps?: Partial<apigwv2.HttpApiProps>;
}

/**
 * An API Gateway HTTP API in front of an MCP function: cheaper than REST, buffered only
 * (no streaming), and its 401 cannot be customised: without a key a client gets
 * `{"message":"Unauthorized"}` and no `WWW-Authenticate`. Pick REST when clients rely on
 * the challenge.
 */
export class McpHttpApi extends Construct {
  readonly api: apigwv2.HttpApi;
  readonly stage: apigwv2.HttpStage;
  readonly mcpUrl: string;

  constructor(scope: Construct, id: string, props: McpHttpApiProps) {
    super(scope, id);
    const throttle = props.throttle ?? DEFAULT_THROTTLE;
    const domainName = props.domain
      ? new apigwv2.DomainName(this, 'Domain', {
          domainName: props.domain.domainName,
          certificate: props.domain.certificate,
        })
      : undefined;
    this.api = new apigwv2.HttpApi(this, 'Api', {
      description: 'MCP server (lambda-mcp)',
      // The default stage is made below: HttpApiProps has no throttling.
      createDefaultStage: false,
      ...props.httpApiProps,
    });
    this.stage = new apigwv2.HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: throttle.rateLimit, burstLimit: throttle.burstLimit },
      ...(domainName ? { domainMapping: { domainName } } : {}),
    });

    const authorizer = props.authorizer
      ? new authorizers.HttpLambdaAuthorizer('ApiKeyAuthorizer', invokeTarget(props.authorizer.function), {
          identitySource: [`$request.header.${props.authorizer.header ?? DEFAULT_KEY_HEADER}`],
          responseTypes: [authorizers.HttpLambdaResponseType.SIMPLE],
          resultsCacheTtl: props.authorizer.resultsCacheTtl ?? Duration.seconds(0),
        })
      : undefined;
    warnIfFunctionOutlivesIntegration(this, id, props.function, {
      timeout: INTEGRATION_TIMEOUT,
      name: "an HTTP API integration's",
      instead: 'use a streaming McpFunctionUrl',
    });
    const integration = new integrations.HttpLambdaIntegration('Mcp', invokeTarget(props.function));
    const none = new apigwv2.HttpNoneAuthorizer();
    for (const route of mcpRoutes(props.mcpPath ?? DEFAULT_MCP_PATH)) {
      this.api.addRoutes({
        path: `/${route.path}`,
        methods: [apigwv2.HttpMethod[route.method]],
        integration,
        authorizer: route.authorized && authorizer ? authorizer : none,
      });
    }
    this.mcpUrl = `${this.stage.url}${(props.mcpPath ?? DEFAULT_MCP_PATH).replace(/^\/+/, '')}`;
  }
}

/** An HTTP API's integration timeout: its default, and its limit. */
const INTEGRATION_TIMEOUT = Duration.seconds(30);
