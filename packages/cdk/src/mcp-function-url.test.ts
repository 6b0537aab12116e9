import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { Match } from 'aws-cdk-lib/assertions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { McpFunction } from './mcp-function.ts';
import { McpFunctionUrl } from './mcp-function-url.ts';
import { echoBundle, templateOf, testStack } from './synth.fixture.ts';

let bundleDir: string;
before(async () => {
  bundleDir = await echoBundle();
});

describe('McpFunctionUrl', () => {
  it('is buffered with auth in the function by default, and public invocation is allowed only through the URL', () => {
    const stack = testStack();
    const server = new McpFunction(stack, 'Server', { bundleDir });
    new McpFunctionUrl(stack, 'Url', { function: server });
    const template = templateOf(stack);
    template.hasResourceProperties('AWS::Lambda::Url', {
      AuthType: 'NONE',
      InvokeMode: 'BUFFERED',
      TargetFunctionArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ServerFunction'), 'Arn'] },
    });
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunctionUrl',
      Principal: '*',
      FunctionUrlAuthType: 'NONE',
    });
    // New Function URLs (October 2025) also need InvokeFunction, limited to calls through the URL.
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      Principal: '*',
      InvokedViaFunctionUrl: true,
    });
    template.resourceCountIs('AWS::Lambda::Permission', 2);
    template.hasOutput('*', { Description: 'The MCP endpoint' });
  });

  it('streams from the provisioned alias when asked', () => {
    const stack = testStack();
    const server = new McpFunction(stack, 'Server', { bundleDir, provisionedConcurrency: { min: 1 } });
    new McpFunctionUrl(stack, 'Url', { function: server, invokeMode: lambda.InvokeMode.RESPONSE_STREAM });
    const template = templateOf(stack);
    template.hasResourceProperties('AWS::Lambda::Url', {
      AuthType: 'NONE',
      InvokeMode: 'RESPONSE_STREAM',
      TargetFunctionArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ServerFunction'), 'Arn'] },
      Qualifier: 'live',
    });
    // A fixed amount (max defaults to min): no auto-scaling.
    template.resourceCountIs('AWS::ApplicationAutoScaling::ScalableTarget', 0);
    assert.ok(server.alias);
  });
});
