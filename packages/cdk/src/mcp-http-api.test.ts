import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { Match } from 'aws-cdk-lib/assertions';
import { McpFunction } from './mcp-function.ts';
import { McpHttpApi } from './mcp-http-api.ts';
import { echoBundle, templateOf, testStack } from './synth.fixture.ts';

let bundleDir: string;
before(async () => {
  bundleDir = await echoBundle();
});

function httpApiTemplate() {
  const stack = testStack();
  const server = new McpFunction(stack, 'Server', { bundleDir });
  const authorizer = new McpFunction(stack, 'Authorizer', { bundleDir, stateSecret: false });
  new McpHttpApi(stack, 'Http', { function: server, authorizer: { function: authorizer } });
  return templateOf(stack);
}

describe('McpHttpApi', () => {
  it('routes every method of /mcp through the authorizer and leaves the rest open', () => {
    const template = httpApiTemplate();
    const routes: Record<string, string> = {};
    for (const route of Object.values(template.findResources('AWS::ApiGatewayV2::Route'))) {
      const { RouteKey, AuthorizationType } = route.Properties as {
        RouteKey: string;
        AuthorizationType: string;
      };
      routes[RouteKey] = AuthorizationType;
    }
    assert.deepEqual(routes, {
      'ANY /mcp': 'CUSTOM',
      'OPTIONS /mcp': 'NONE',
      'GET /mcp/server-card': 'NONE',
      'GET /health': 'NONE',
      'GET /.well-known/{proxy+}': 'NONE',
    });
  });

  it('has a payload 2.0 simple-response authorizer on $request.header.x-api-key with caching off', () => {
    httpApiTemplate().hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'REQUEST',
      IdentitySource: ['$request.header.x-api-key'],
      AuthorizerResultTtlInSeconds: 0,
      AuthorizerPayloadFormatVersion: '2.0',
      EnableSimpleResponses: true,
    });
  });

  it('throttles the auto-deployed $default stage', () => {
    httpApiTemplate().hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingBurstLimit: 100, ThrottlingRateLimit: 50 },
    });
  });

  it('proxies to the function with payload format 2.0', () => {
    httpApiTemplate().hasResourceProperties('AWS::ApiGatewayV2::Integration', {
      IntegrationType: 'AWS_PROXY',
      PayloadFormatVersion: '2.0',
      IntegrationUri: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ServerFunction'), 'Arn'] },
    });
  });
});

describe('McpHttpApi options', () => {
  it("warns when the function may run past HTTP API's 30 s integration limit", async () => {
    const { Duration } = await import('aws-cdk-lib');
    const { Annotations } = await import('aws-cdk-lib/assertions');
    const warnings = (timeout: ReturnType<typeof Duration.seconds>) => {
      const stack = testStack();
      const server = new McpFunction(stack, 'Server', { bundleDir, timeout });
      new McpHttpApi(stack, 'Http', { function: server });
      return Annotations.fromStack(stack)
        .findWarning('*', Match.stringLikeRegexp('.*'))
        .map((w) => String(w.entry.data));
    };
    // The integration ends at 30 s whatever the function does: a longer tool call reaches the
    // client as API Gateway's 504, never as the function's TIMEOUT answer.
    const [warning, ...more] = warnings(Duration.minutes(2));
    assert.match(warning ?? '', /Http: .*timeout \(2 minutes\).*30 seconds/);
    assert.deepEqual(more, []);
    assert.deepEqual(warnings(Duration.seconds(30)), []);
  });

  it('maps a custom domain to the $default stage and takes its own throttle', async () => {
    const acm = await import('aws-cdk-lib/aws-certificatemanager');
    const stack = testStack();
    const server = new McpFunction(stack, 'Server', { bundleDir });
    new McpHttpApi(stack, 'Http', {
      function: server,
      throttle: { rateLimit: 20, burstLimit: 40 },
      domain: {
        domainName: 'mcp.example.com',
        certificate: acm.Certificate.fromCertificateArn(
          stack,
          'Cert',
          'arn:aws:acm:eu-west-1:123456789012:certificate/0f0e0d0c-0b0a-0908-0706-050403020100',
        ),
      },
    });
    const template = templateOf(stack);
    template.hasResourceProperties('AWS::ApiGatewayV2::DomainName', { DomainName: 'mcp.example.com' });
    template.hasResourceProperties('AWS::ApiGatewayV2::ApiMapping', {
      DomainName: { Ref: Match.stringLikeRegexp('^HttpDomain') },
      Stage: '$default',
      ApiMappingKey: Match.absent(),
    });
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      DefaultRouteSettings: { ThrottlingBurstLimit: 40, ThrottlingRateLimit: 20 },
    });
    template.resourceCountIs('AWS::ApiGatewayV2::Authorizer', 0);
  });
});
