import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { Match } from 'aws-cdk-lib/assertions';
import { McpFunction } from './mcp-function.ts';
import { McpMonitoring } from './mcp-monitoring.ts';
import { echoBundle, templateOf, testStack } from './synth.fixture.ts';

let bundleDir: string;
before(async () => {
  bundleDir = await echoBundle();
});

describe('McpMonitoring', () => {
  it('alarms on errors, throttles, p99 duration, cold-start rate and tool errors, and draws a dashboard', () => {
    const stack = testStack();
    const server = new McpFunction(stack, 'Server', { bundleDir, serviceName: 'tasks' });
    new McpMonitoring(stack, 'Monitoring', { function: server });
    const template = templateOf(stack);
    template.resourceCountIs('AWS::CloudWatch::Alarm', 5);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'Errors',
      Namespace: 'AWS/Lambda',
      Statistic: 'Sum',
      Threshold: 1,
      Period: 300,
      TreatMissingData: 'notBreaching',
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'Throttles', Threshold: 1 });
    // 80 % of the 30 s timeout.
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'Duration',
      ExtendedStatistic: 'p99',
      Threshold: 24_000,
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Threshold: 25,
      Metrics: Match.arrayWith([
        // A period of a few invocations is no rate: one cold start among two requests is 50 %.
        Match.objectLike({ Expression: 'IF(requests >= 20, 100 * cold / requests, 0)' }),
        Match.objectLike({
          Id: 'cold',
          MetricStat: Match.objectLike({
            Metric: {
              Namespace: 'lambda-mcp',
              MetricName: 'ColdStart',
              Dimensions: [{ Name: 'service', Value: 'tasks' }],
            },
          }),
        }),
      ]),
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Threshold: 5,
      Metrics: [
        Match.objectLike({
          Expression: `SELECT SUM(ToolErrors) FROM SCHEMA("lambda-mcp", service, tool) WHERE service = 'tasks'`,
          Period: 300,
        }),
      ],
    });
    template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
  });

  it('judges the cold-start rate only over enough invocations (coldStartMinInvocations)', () => {
    const stack = testStack();
    const server = new McpFunction(stack, 'Server', { bundleDir });
    new McpMonitoring(stack, 'Monitoring', { function: server, coldStartMinInvocations: 100 });
    templateOf(stack).hasResourceProperties('AWS::CloudWatch::Alarm', {
      Metrics: Match.arrayWith([
        Match.objectLike({ Expression: 'IF(requests >= 100, 100 * cold / requests, 0)' }),
      ]),
    });
  });

  it('can leave the dashboard out', () => {
    const stack = testStack();
    const server = new McpFunction(stack, 'Server', { bundleDir });
    const monitoring = new McpMonitoring(stack, 'Monitoring', { function: server, dashboardName: false });
    templateOf(stack).resourceCountIs('AWS::CloudWatch::Dashboard', 0);
    assert.equal(monitoring.alarms.length, 5);
  });
});
