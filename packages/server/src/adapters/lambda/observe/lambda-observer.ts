import { readEnvironment } from '../../../config/environment.ts';
import type { Caller, Observer, RejectionRecord, RequestRecord } from '../../../http/observer.ts';
import type { Logger } from '../../../log/logger.ts';
import { redact } from '../../../log/redact.ts';
import { writeLine } from '../../../log/write-line.ts';
import type { Implementation } from '../../../protocol/wire-types.ts';
import type { Platform } from '../../../server/platform.ts';
import { emitMetrics, type MetricDatum, type MetricGroup, type MetricsLike } from './emf-metrics.ts';
import { type TraceContext, traceContextFrom } from './trace-context.ts';

/** Logs, metrics and traces of a Lambda-hosted server. */
export interface LambdaObserveOptions {
  /** Where request lines go (read per request: the server's logger is fixed at its first request). */
  logger: Logger | (() => Logger);
  /** A Powertools `Metrics`; without it metrics are written as EMF lines. `false` turns metrics off. */
  metrics?: MetricsLike | false;
  /** CloudWatch namespace of EMF lines (default `POWERTOOLS_METRICS_NAMESPACE` or `lambda-mcp`). */
  namespace?: string;
  /** The `service` dimension (default `POWERTOOLS_SERVICE_NAME` or the server's name). */
  service: () => string;
  /** Receives the W3C trace context a client sent in `_meta`, as each request starts. */
  tracer?: (
    trace: TraceContext,
    request: { requestId: string | number; method: string; tool?: string },
  ) => void;
  /** Header names that look secret but are not, logged as they are (e.g. `x-api-key-id`). */
  redactAllow?: readonly string[];
  /** Where EMF lines go (default stdout, which CloudWatch Logs reads). */
  write?: (line: string) => void;
}

/**
 * An Observer writing one structured log line and one EMF line per request (and per
 * rejected request): the `ColdStart`, `Requests`, `Rejected`, `AuthFailures`, `Throttles` metrics by service and the
 * `ToolCalls`, `ToolErrors`, `ToolLatency` metrics by service and tool.
 */
export function createLambdaObserver(options: LambdaObserveOptions): Observer {
  const target = {
    metrics: options.metrics === false ? undefined : options.metrics,
    namespace: options.namespace ?? readEnvironment().metricsNamespace ?? 'lambda-mcp',
    write: options.write ?? ((line: string) => writeLine(1, line)),
  };
  const metricsOn = options.metrics !== false;
  const { tracer } = options;
  const redaction = { allow: options.redactAllow?.map((name) => name.toLowerCase()) ?? [] };
  const logger = typeof options.logger === 'function' ? options.logger : () => options.logger as Logger;
  return {
    onRequestStart: tracer
      ? (start) => {
          const trace = traceContextFrom(start.meta);
          if (trace) tracer(trace, { requestId: start.requestId, method: start.method, tool: start.tool });
        }
      : undefined,
    // One log line and one metrics line per request: a tools/call's line carries its tool,
    // duration and outcome, and its metrics document a second directive by tool.
    onRequest(record: RequestRecord) {
      const fields: Record<string, unknown> = {
        ...invocationFields(record.platform),
        requestId: record.requestId,
        method: record.method,
        tool: record.tool,
        client: clientName(record.client),
        ...callerFields(record.caller),
        protocolVersion: record.protocolVersion,
        durationMs: round(record.durationMs),
        outcome: record.outcome,
        errorCode: record.errorCode,
      };
      // A failed request is the one worth debugging: keep its headers, minus the secrets.
      // (The other fields are identifiers and numbers; only headers carry credentials.)
      if (record.outcome === 'error') {
        fields.headers = redact(eventHeaders(record.platform), redaction);
        logger().warn('mcp request', fields);
      } else logger().info('mcp request', fields);
      if (!metricsOn) return;
      const service = options.service();
      const requestData: MetricDatum[] = [{ name: 'Requests', unit: 'Count', value: 1 }];
      if (record.platform.kind === 'lambda' && record.platform.coldStart)
        requestData.push({ name: 'ColdStart', unit: 'Count', value: 1 });
      // A caller without the scope a tool needs is an auth failure too (403 insufficient_scope).
      if (record.errorCode === FORBIDDEN) requestData.push({ name: 'AuthFailures', unit: 'Count', value: 1 });
      const groups: MetricGroup[] = [{ dimensions: { service }, data: requestData }];
      if (record.tool !== undefined) {
        const failed = record.outcome === 'tool_error' || record.outcome === 'error';
        groups.push({
          dimensions: { service, tool: record.tool },
          data: [
            { name: 'ToolCalls', unit: 'Count', value: 1 },
            { name: 'ToolErrors', unit: 'Count', value: failed ? 1 : 0 },
            { name: 'ToolLatency', unit: 'Milliseconds', value: round(record.durationMs) },
          ],
        });
      }
      emitMetrics(target, groups);
    },
    onRejected(record: RejectionRecord) {
      // Kept with its headers (minus secrets): a rejection is usually a misconfigured client or gateway.
      logger().warn(
        'mcp request rejected',
        redact(
          {
            ...invocationFields(record.platform),
            status: record.status,
            errorCode: record.errorCode,
            reason: record.reason,
            method: record.method,
            requestId: record.requestId,
            durationMs: round(record.durationMs),
            headers: eventHeaders(record.platform),
          },
          redaction,
        ) as Record<string, unknown>,
      );
      if (!metricsOn) return;
      const data: MetricDatum[] = [
        { name: 'Requests', unit: 'Count', value: 1 },
        { name: 'Rejected', unit: 'Count', value: 1 },
      ];
      if (record.platform.kind === 'lambda' && record.platform.coldStart)
        data.push({ name: 'ColdStart', unit: 'Count', value: 1 });
      // Counted apart, with their reason in the log line: a key leak or a runaway client shows here first.
      if (record.status === 401 || record.status === 403)
        data.push({ name: 'AuthFailures', unit: 'Count', value: 1 });
      if (record.status === 429) data.push({ name: 'Throttles', unit: 'Count', value: 1 });
      emitMetrics(target, [{ dimensions: { service: options.service() }, data }]);
    },
  };
}

/** JSON-RPC code of a refusal for lack of scope. */
const FORBIDDEN = -32003;

/** Who called, in the fields a log query filters on; absent fields stay out of the line. */
function callerFields(caller: Caller | undefined): Record<string, unknown> {
  if (!caller) return {};
  return { subject: caller.subject, tenant: caller.tenant, keyId: caller.keyId, clientId: caller.clientId };
}

function invocationFields(platform: Platform): Record<string, unknown> {
  if (platform.kind !== 'lambda') return {};
  return { awsRequestId: platform.context.awsRequestId, coldStart: platform.coldStart };
}

function eventHeaders(platform: Platform): unknown {
  if (platform.kind !== 'lambda') return undefined;
  return platform.event.multiValueHeaders ?? platform.event.headers;
}

function clientName(client: Implementation | undefined): string | undefined {
  return client ? `${client.name}/${client.version}` : undefined;
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
