import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { Match } from 'aws-cdk-lib/assertions';
import { McpFunction } from './mcp-function.ts';
import { McpRestApi } from './mcp-rest-api.ts';
import { echoBundle, templateOf, testStack } from './synth.fixture.ts';

let bundleDir: string;
before(async () => {
  bundleDir = await echoBundle();
});

/** A REST API with the echo bundle as both server and authorizer (the wiring is what is tested). */
function restApiTemplate(options: { streaming?: boolean } = {}) {
  const stack = testStack();
  const server = new McpFunction(stack, 'Server', { bundleDir });
  const authorizer = new McpFunction(stack, 'Authorizer', { bundleDir, stateSecret: false });
  const api = new McpRestApi(stack, 'Rest', {
    function: server,
    authorizer: { function: authorizer },
    ...options,
  });
  return { template: templateOf(stack), api };
}

/** `{ "<path> <method>": authorizationType }` for every method of the API. */
function methodTable(template: ReturnType<typeof templateOf>): Record<string, string> {
  const resources = template.findResources('AWS::ApiGateway::Resource');
  const pathOf = (ref: unknown): string => {
    if (typeof ref === 'object' && ref !== null && 'Ref' in ref) {
      const resource = resources[(ref as { Ref: string }).Ref]!.Properties as {
        ParentId: unknown;
        PathPart: string;
      };
      const parent = pathOf(resource.ParentId);
      return `${parent === '/' ? '' : parent}/${resource.PathPart}`;
    }
    return '/';
  };
  const table: Record<string, string> = {};
  for (const method of Object.values(template.findResources('AWS::ApiGateway::Method'))) {
    const { ResourceId, HttpMethod, AuthorizationType } = method.Properties as {
      ResourceId: unknown;
      HttpMethod: string;
      AuthorizationType: string;
    };
    table[`${pathOf(ResourceId)} ${HttpMethod}`] = AuthorizationType;
  }
  return table;
}

describe('McpRestApi', () => {
  it('routes every method of /mcp through the authorizer and leaves preflight, health and well-known open', () => {
    const { template } = restApiTemplate();
    assert.deepEqual(methodTable(template), {
      '/mcp ANY': 'CUSTOM',
      '/mcp OPTIONS': 'NONE',
      '/mcp/server-card GET': 'NONE',
      '/health GET': 'NONE',
      '/.well-known/{proxy+} GET': 'NONE',
    });
    template.hasResourceProperties('AWS::ApiGateway::Method', {
      HttpMethod: 'ANY',
      AuthorizerId: { Ref: Match.stringLikeRegexp('^RestAuthorizer') },
      Integration: { Type: 'AWS_PROXY', IntegrationHttpMethod: 'POST' },
    });
  });

  it('has a REQUEST authorizer on the x-api-key header with result caching off', () => {
    const { template } = restApiTemplate();
    template.hasResourceProperties('AWS::ApiGateway::Authorizer', {
      Type: 'REQUEST',
      IdentitySource: 'method.request.header.x-api-key',
      AuthorizerResultTtlInSeconds: 0,
      AuthorizerUri: Match.objectLike({
        'Fn::Join': [
          '',
          Match.arrayWith([
            Match.objectLike({ 'Fn::GetAtt': [Match.stringLikeRegexp('^AuthorizerFunction'), 'Arn'] }),
          ]),
        ],
      }),
    });
  });

  it("answers API Gateway's own 401 with the function's challenge and JSON-RPC body", () => {
    const { template } = restApiTemplate();
    template.hasResourceProperties('AWS::ApiGateway::GatewayResponse', {
      ResponseType: 'UNAUTHORIZED',
      StatusCode: '401',
      ResponseParameters: { 'gatewayresponse.header.WWW-Authenticate': `'ApiKey header="x-api-key"'` },
      ResponseTemplates: {
        'application/json':
          '{"jsonrpc":"2.0","id":null,"error":{"code":-32001,"message":"Unauthorized: send an API key"}}',
      },
    });
    template.hasResourceProperties('AWS::ApiGateway::GatewayResponse', {
      ResponseType: 'ACCESS_DENIED',
      StatusCode: '403',
    });
    template.hasResourceProperties('AWS::ApiGateway::GatewayResponse', {
      ResponseType: 'MISSING_AUTHENTICATION_TOKEN',
      StatusCode: '404',
    });
    // The authorizer threw (createApiKeyAuthorizer does when its key store fails) or timed out:
    // a retryable 503 with a JSON-RPC body, as apiKeyAuth answers a failing store in the
    // function, not API Gateway's 500 {"message":null}.
    for (const type of ['AUTHORIZER_CONFIGURATION_ERROR', 'AUTHORIZER_FAILURE']) {
      template.hasResourceProperties('AWS::ApiGateway::GatewayResponse', {
        ResponseType: type,
        StatusCode: '503',
        ResponseParameters: { 'gatewayresponse.header.Retry-After': "'5'" },
        ResponseTemplates: {
          'application/json':
            '{"jsonrpc":"2.0","id":null,"error":{"code":-32603,"message":"The API key check could not be completed; try again shortly"}}',
        },
      });
    }
  });

  it('throttles the v1 stage at 50 requests/s with bursts of 100', () => {
    const { template } = restApiTemplate();
    template.hasResourceProperties('AWS::ApiGateway::Stage', {
      StageName: 'v1',
      MethodSettings: [
        {
          DataTraceEnabled: false,
          HttpMethod: '*',
          ResourcePath: '/*',
          ThrottlingBurstLimit: 100,
          ThrottlingRateLimit: 50,
        },
      ],
    });
    template.resourceCountIs('AWS::ApiGateway::UsagePlan', 0);
    // The account-wide CloudWatch role setting is left alone.
    template.resourceCountIs('AWS::ApiGateway::Account', 0);
  });

  it('buffers by default and streams through the response-streaming invocation when asked', () => {
    const buffered = restApiTemplate().template;
    const method = Object.values(
      buffered.findResources('AWS::ApiGateway::Method', { Properties: { HttpMethod: 'ANY' } }),
    )[0]!;
    assert.equal((method.Properties.Integration as Record<string, unknown>).ResponseTransferMode, undefined);
    assert.match(JSON.stringify(method.Properties.Integration), /2015-03-31\/functions/);

    const streaming = restApiTemplate({ streaming: true }).template;
    const streamed = Object.values(
      streaming.findResources('AWS::ApiGateway::Method', { Properties: { HttpMethod: 'ANY' } }),
    )[0]!;
    const integration = streamed.Properties.Integration as Record<string, unknown>;
    assert.equal(integration.ResponseTransferMode, 'STREAM');
    assert.match(JSON.stringify(integration.Uri), /2021-11-15\/functions\/.*response-streaming-invocations/);
  });

  it("streams for as long as the function runs: the integration timeout is the function's, not 29 s", async () => {
    const { Duration } = await import('aws-cdk-lib');
    const stack = testStack();
    const server = new McpFunction(stack, 'Server', { bundleDir, timeout: Duration.minutes(5) });
    new McpRestApi(stack, 'Rest', { function: server, streaming: true });
    const template = templateOf(stack);
    const integration = Object.values(
      template.findResources('AWS::ApiGateway::Method', { Properties: { HttpMethod: 'ANY' } }),
    )[0]!.Properties.Integration as Record<string, unknown>;
    assert.equal(integration.ResponseTransferMode, 'STREAM');
    assert.equal(integration.TimeoutInMillis, 300_000);

    const buffered = restApiTemplate().template;
    const bufferedIntegration = Object.values(
      buffered.findResources('AWS::ApiGateway::Method', { Properties: { HttpMethod: 'ANY' } }),
    )[0]!.Properties.Integration as Record<string, unknown>;
    assert.equal(bufferedIntegration.TimeoutInMillis, undefined);

    const other = testStack();
    const slow = new McpFunction(other, 'Server', { bundleDir });
    assert.throws(
      () =>
        new McpRestApi(other, 'Rest', {
          function: slow,
          streaming: true,
          integrationTimeout: Duration.minutes(20),
        }),
      { message: 'Rest: integrationTimeout of a streamed response is at most 15 minutes, got 20 minutes' },
    );
  });

  it('warns when a buffered integration would be cut before the function answers its own timeout', async () => {
    const { Duration } = await import('aws-cdk-lib');
    const { Annotations } = await import('aws-cdk-lib/assertions');
    const warnings = (timeout: ReturnType<typeof Duration.seconds> | undefined, streaming = false) => {
      const stack = testStack();
      const server = new McpFunction(stack, 'Server', { bundleDir, ...(timeout ? { timeout } : {}) });
      new McpRestApi(stack, 'Rest', { function: server, streaming });
      return Annotations.fromStack(stack)
        .findWarning('*', Match.stringLikeRegexp('.*'))
        .map((w) => String(w.entry.data));
    };
    // McpFunction's default 30 s outlives API Gateway's 29 s: a slow tool call reaches the
    // client as API Gateway's 504, not the function's TIMEOUT answer.
    const [warning, ...more] = warnings(undefined);
    assert.match(warning ?? '', /Rest: .*timeout \(30 seconds\).*29 seconds/);
    assert.deepEqual(more, []);
    assert.deepEqual(warnings(Duration.seconds(29)), []);
    assert.deepEqual(warnings(Duration.minutes(5), true), []);
  });

  it('lets only API Gateway invoke the functions, from this API', () => {
    const { template } = restApiTemplate();
    const permissions = Object.values(template.findResources('AWS::Lambda::Permission'));
    // One per route and one for the authorizer: no test-invoke permissions.
    assert.equal(permissions.length, 6);
    for (const permission of permissions) {
      assert.equal(permission.Properties.Principal, 'apigateway.amazonaws.com');
      assert.equal(permission.Properties.Action, 'lambda:InvokeFunction');
      assert.match(JSON.stringify(permission.Properties.SourceArn), /RestApi/);
    }
  });
});

describe('McpRestApi options', () => {
  it('maps a custom domain at its root (OAuth discovery reads /.well-known there) and adds a usage plan on the stage', async () => {
    const acm = await import('aws-cdk-lib/aws-certificatemanager');
    const stack = testStack();
    const server = new McpFunction(stack, 'Server', { bundleDir });
    new McpRestApi(stack, 'Rest', {
      function: server,
      domain: {
        domainName: 'mcp.example.com',
        certificate: acm.Certificate.fromCertificateArn(
          stack,
          'Cert',
          'arn:aws:acm:eu-west-1:123456789012:certificate/0f0e0d0c-0b0a-0908-0706-050403020100',
        ),
      },
      usagePlan: { throttle: { rateLimit: 5, burstLimit: 10 } },
      throttle: { rateLimit: 20, burstLimit: 40 },
    });
    const template = templateOf(stack);
    template.hasResourceProperties('AWS::ApiGateway::DomainName', {
      DomainName: 'mcp.example.com',
      EndpointConfiguration: { Types: ['REGIONAL'] },
    });
    // No base path: the API answers at the domain's root.
    template.hasResourceProperties('AWS::ApiGateway::BasePathMapping', {
      DomainName: { Ref: Match.stringLikeRegexp('^RestApiCustomDomain') },
      Stage: { Ref: Match.stringLikeRegexp('^RestApiDeploymentStage') },
      BasePath: Match.absent(),
    });
    template.hasResourceProperties('AWS::ApiGateway::UsagePlan', {
      Throttle: { RateLimit: 5, BurstLimit: 10 },
      ApiStages: [Match.objectLike({ Stage: { Ref: Match.stringLikeRegexp('^RestApiDeploymentStage') } })],
    });
    template.hasResourceProperties('AWS::ApiGateway::Stage', {
      MethodSettings: [Match.objectLike({ ThrottlingBurstLimit: 40, ThrottlingRateLimit: 20 })],
    });
    // Without an authorizer every route is open: the function checks callers itself.
    assert.deepEqual(Object.values(methodTable(template)), ['NONE', 'NONE', 'NONE', 'NONE', 'NONE']);
  });

  it('challenges with Bearer when the key travels in Authorization, as apiKeyAuth and the authorizer read it there', () => {
    const stack = testStack();
    const server = new McpFunction(stack, 'Server', { bundleDir });
    const authorizer = new McpFunction(stack, 'Authorizer', { bundleDir, stateSecret: false });
    new McpRestApi(stack, 'Rest', {
      function: server,
      authorizer: { function: authorizer, header: 'Authorization' },
    });
    const template = templateOf(stack);
    template.hasResourceProperties('AWS::ApiGateway::Authorizer', {
      IdentitySource: 'method.request.header.Authorization',
    });
    // `Authorization: Bearer <key>` (RFC 6750), the scheme apiKeyAuth({ header: 'authorization' })
    // sends; `ApiKey header="Authorization"` would tell clients to send the bare key there.
    template.hasResourceProperties('AWS::ApiGateway::GatewayResponse', {
      ResponseType: 'UNAUTHORIZED',
      ResponseParameters: { 'gatewayresponse.header.WWW-Authenticate': `'Bearer'` },
    });
  });
});
