import { Duration } from 'aws-cdk-lib';
import type * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import type { McpFunction } from './mcp-function.ts';

export interface McpMonitoringProps {
  function: McpFunction;
  /** A REST API to add its 4XX/5XX and latency to the dashboard. */
  restApi?: apigateway.RestApi;
  /** Alarm period (default 5 minutes). */
  period?: Duration;
  /** Function errors (crashes, timeouts) per period that alarm (default 1). */
  errors?: number;
  /** Lambda throttles per period that alarm (default 1). */
  throttles?: number;
  /** p99 duration that alarms (default 80 % of the function's timeout). */
  p99Duration?: Duration;
  /** Percentage of invocations that were cold starts, from the `ColdStart` EMF metric and Lambda's `Invocations` (default 25). */
  coldStartPercent?: number;
  /**
   * Invocations a period needs before its cold-start rate can alarm (default 20). Below it a
   * single cold start is a large share (one of two requests is 50 %): a quiet server, whose
   * environments Lambda recycles every few hours, would alarm on each.
   */
  coldStartMinInvocations?: number;
  /** Failed tool calls per period across all tools, from the `ToolErrors` EMF metric (default 5). */
  toolErrors?: number;
  /** Actions for every alarm (e.g. an SNS topic's `SnsAction`). */
  alarmActions?: cloudwatch.IAlarmAction[];
  /** Default none: create no dashboard with `false`. */
  dashboardName?: string | false;
}

/**
 * Alarms and a dashboard for an MCP function, from Lambda's own metrics and the EMF
 * metrics lambda-mcp writes (namespace and `service` dimension as the function sets them).
 */
export class McpMonitoring extends Construct {
  readonly alarms: cloudwatch.Alarm[] = [];
  readonly dashboard: cloudwatch.Dashboard | undefined;

  constructor(scope: Construct, id: string, props: McpMonitoringProps) {
    super(scope, id);
    const fn = props.function;
    const period = props.period ?? Duration.minutes(5);
    const emf = (metricName: string) =>
      new cloudwatch.Metric({
        namespace: fn.metricsNamespace,
        metricName,
        dimensionsMap: { service: fn.serviceName },
        statistic: cloudwatch.Stats.SUM,
        period,
      });
    // Tool metrics carry a `tool` dimension too; a Metrics Insights query sums every tool
    // (an alarm cannot use SEARCH, and listing tools here would go stale).
    const toolSum = (metricName: string, statistic: 'SUM' | 'COUNT' = 'SUM', label = metricName) =>
      new cloudwatch.MathExpression({
        expression: `SELECT ${statistic}(${metricName}) FROM SCHEMA("${fn.metricsNamespace}", service, tool) WHERE service = '${fn.serviceName}'`,
        usingMetrics: {},
        label,
        period,
      });
    // lambda-mcp writes no request or call counters: AWS/Lambda counts invocations, and the
    // sample count of ToolLatency is the number of tool calls.
    const invocations = fn.function.metricInvocations({ period, statistic: cloudwatch.Stats.SUM });
    const timeout = fn.function.timeout ?? Duration.seconds(3);
    const coldStartRate = new cloudwatch.MathExpression({
      expression: '100 * cold / requests',
      usingMetrics: { cold: emf('ColdStart'), requests: invocations },
      label: 'Cold starts (%)',
      period,
    });

    const alarm = (
      name: string,
      metric: cloudwatch.IMetric,
      threshold: number,
      description: string,
    ): cloudwatch.Alarm => {
      const created = new cloudwatch.Alarm(this, name, {
        metric,
        threshold,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        // No traffic is not an incident.
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        alarmDescription: description,
      });
      for (const action of props.alarmActions ?? []) created.addAlarmAction(action);
      this.alarms.push(created);
      return created;
    };
    alarm(
      'Errors',
      fn.function.metricErrors({ period, statistic: cloudwatch.Stats.SUM }),
      props.errors ?? 1,
      'The function failed (a crash or a timeout: tool errors are answers, not Lambda errors)',
    );
    alarm(
      'Throttles',
      fn.function.metricThrottles({ period, statistic: cloudwatch.Stats.SUM }),
      props.throttles ?? 1,
      'Lambda refused invocations: concurrency is exhausted (reserved or account)',
    );
    alarm(
      'DurationP99',
      fn.function.metricDuration({ period, statistic: cloudwatch.Stats.p(99) }),
      (props.p99Duration ?? Duration.millis(timeout.toMilliseconds() * 0.8)).toMilliseconds(),
      'The slowest 1 % of invocations come close to the timeout',
    );
    // The rate alarms only over enough invocations; below them the period counts as 0 %.
    const minInvocations = props.coldStartMinInvocations ?? 20;
    const alarmedColdStartRate = new cloudwatch.MathExpression({
      expression: `IF(requests >= ${minInvocations}, 100 * cold / requests, 0)`,
      usingMetrics: { cold: emf('ColdStart'), requests: invocations },
      label: `Cold starts (%, over ${minInvocations} invocations or more)`,
      period,
    });
    alarm(
      'ColdStartRate',
      alarmedColdStartRate,
      props.coldStartPercent ?? 25,
      'Many requests start a new execution environment: consider provisioned concurrency',
    );
    alarm(
      'ToolErrors',
      toolSum('ToolErrors'),
      props.toolErrors ?? 5,
      'Tool calls answered with isError or failed (ToolErrors EMF metric, all tools)',
    );

    if (props.dashboardName === false) return;
    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      dashboardName: props.dashboardName,
      defaultInterval: Duration.hours(3),
    });
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Requests',
        left: [invocations, emf('Rejected'), emf('AuthFailures'), emf('Throttles')],
      }),
      new cloudwatch.GraphWidget({
        title: 'Tool calls',
        left: [toolSum('ToolLatency', 'COUNT', 'ToolCalls'), toolSum('ToolErrors')],
      }),
      new cloudwatch.GraphWidget({
        title: 'Duration',
        left: [
          fn.function.metricDuration({ period, statistic: cloudwatch.Stats.p(50) }),
          fn.function.metricDuration({ period, statistic: cloudwatch.Stats.p(99) }),
        ],
      }),
    );
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({ title: 'Cold starts', left: [coldStartRate] }),
      new cloudwatch.GraphWidget({
        title: 'Lambda errors and throttles',
        left: [
          fn.function.metricErrors({ period, statistic: cloudwatch.Stats.SUM }),
          fn.function.metricThrottles({ period, statistic: cloudwatch.Stats.SUM }),
        ],
      }),
      ...(props.restApi
        ? [
            new cloudwatch.GraphWidget({
              title: 'API Gateway',
              left: [
                props.restApi.metricClientError({ period }),
                props.restApi.metricServerError({ period }),
              ],
              right: [props.restApi.metricLatency({ period, statistic: cloudwatch.Stats.p(99) })],
            }),
          ]
        : []),
    );
  }
}
