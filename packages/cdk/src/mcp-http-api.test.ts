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
