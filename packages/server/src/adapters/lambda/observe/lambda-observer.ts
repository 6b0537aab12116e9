import { readEnvironment } from '../../../config/environment.ts';
import type { Observer, RejectionRecord, RequestRecord } from '../../../http/observer.ts';
import { type Logger, logWithHeadOf } from '../../../log/logger.ts';
import { REDACTED, redact } from '../../../log/redact.ts';
import { writeLine } from '../../../log/write-line.ts';
import type { Implementation } from '../../../protocol/wire-types.ts';
import type { Platform } from '../../../server/platform.ts';
import {
  directivesJson,
  emfHead,
  emfHeadWith,
  emitMetrics,
  type MetricDatum,
  type MetricGroup,
  type MetricsLike,
} from './emf-metrics.ts';
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
  /**
   * Headers that carry a credential whatever their name (the `credentialHeader` option, the
   * auth provider's header): redacted even when the name does not look secret.
   */
  credentialHeaders?: readonly string[];
  /**
   * Whether the server has a tool of this name. A tools/call naming any other (a typo, a
   * probe) gets no per-tool metrics: the name comes from the client, and each new one would
   * be a new CloudWatch metric, billed monthly. Without it every name is recorded.
   */
  isTool?: (name: string) => boolean;
  /** Where EMF lines go (default stdout, which CloudWatch Logs reads). */
  write?: (line: string) => void;
}

/**
 * An Observer writing one structured line per request, which is also the request's EMF
 * metrics document when there are metrics to record: `ToolErrors` and `ToolLatency` by
 * service and tool; `ColdStart`, `AuthFailures`, and for rejected requests `Rejected` and
 * `Throttles`, by service.
 */
export function createLambdaObserver(options: LambdaObserveOptions): Observer {
  const target = {
    metrics: options.metrics === false ? undefined : options.metrics,
    namespace: options.namespace ?? readEnvironment().metricsNamespace ?? 'lambda-mcp',
    write: options.write ?? ((line: string) => writeLine(1, line)),
  };
  const metricsOn = options.metrics !== false;
  const { tracer } = options;
  const credentialHeaders = options.credentialHeaders?.map((name) => name.toLowerCase()) ?? [];
  const redaction = {
    allow: (options.redactAllow ?? [])
      .map((name) => name.toLowerCase())
      .filter((name) => !credentialHeaders.includes(name)),
  };
  const headersOf = (platform: Platform) => withoutCredentials(eventHeaders(platform), credentialHeaders);
  const logger = typeof options.logger === 'function' ? options.logger : () => options.logger as Logger;
  // The directives depend only on which metrics a request has (`RequestMetrics.shape`):
  // serialised once per shape, not per request.
  const directivesByShape: (string | undefined)[] = [];
  return {
    onRequestStart: tracer
      ? (start) => {
          const trace = traceContextFrom(start.meta);
          if (trace) tracer(trace, { requestId: start.requestId, method: start.method, tool: start.tool });
        }
      : undefined,
    // One line per request: its log record, and for a tools/call (or a cold start, or a
    // refusal for scope) also its EMF metrics document, in the same JSON object when the
    // logger is the framework's own. Two lines with a logger of the user's, or Powertools.
    onRequest(record: RequestRecord) {
      const { caller, platform } = record;
      const lambda = platform.kind === 'lambda' ? platform : undefined;
      const failed = record.outcome === 'error';
      // Undefined fields stay out of the line (JSON.stringify drops them).
      const fields: Record<string, unknown> = {
        awsRequestId: lambda?.context.awsRequestId,
        coldStart: lambda?.coldStart === true ? true : undefined,
        requestId: bounded(record.requestId),
        method: bounded(record.method),
        tool: bounded(record.tool),
        client: bounded(clientName(record.client)),
        subject: caller?.subject,
        tenant: caller?.tenant,
        keyId: caller?.keyId,
        clientId: caller?.clientId,
        protocolVersion: bounded(record.protocolVersion),
        durationMs: round(record.durationMs),
        outcome: record.outcome,
        errorCode: record.errorCode,
        // A failed request is the one worth debugging: keep its headers, minus the secrets.
        // (The other fields are identifiers and numbers; only headers carry credentials.)
        headers: failed ? redact(headersOf(platform), redaction) : undefined,
      };
      const level = failed ? 'warn' : 'info';
      const { groups, shape } = metricsOn
        ? requestMetrics(record, options.service(), options.isTool)
        : NO_METRICS;
      const log = logger();
      const withHead =
        groups.length > 0 && !target.metrics && !options.write ? logWithHeadOf(log) : undefined;
      if (withHead) {
        directivesByShape[shape] ??= directivesJson(target.namespace, groups);
        const head = emfHeadWith(directivesByShape[shape], Date.now());
        if (withHead(level, 'mcp request', withMetricValues(fields, groups), head)) return;
        // The level filtered the line out; metrics do not follow the log level.
      } else log[level]('mcp request', fields);
      if (groups.length > 0) emitMetrics(target, groups);
    },
    onRejected(record: RejectionRecord) {
      const { platform } = record;
      const lambda = platform.kind === 'lambda' ? platform : undefined;
      // Kept with its headers (minus secrets): a rejection is usually a misconfigured client or gateway.
      const fields = redact(
        {
          awsRequestId: lambda?.context.awsRequestId,
          coldStart: lambda?.coldStart === true ? true : undefined,
          status: record.status,
          errorCode: record.errorCode,
          reason: record.reason,
          method: bounded(record.method),
          requestId: bounded(record.requestId),
          durationMs: round(record.durationMs),
          headers: headersOf(platform),
        },
        redaction,
      ) as Record<string, unknown>;
      const log = logger();
      if (!metricsOn) {
        log.warn('mcp request rejected', fields);
        return;
      }
      const data: MetricDatum[] = [{ name: 'Rejected', unit: 'Count', value: 1 }];
      if (lambda?.coldStart) data.push({ name: 'ColdStart', unit: 'Count', value: 1 });
      // Counted apart, with their reason in the log line: a key leak or a runaway client shows here first.
      if (record.status === 401 || record.status === 403)
        data.push({ name: 'AuthFailures', unit: 'Count', value: 1 });
      if (record.status === 429) data.push({ name: 'Throttles', unit: 'Count', value: 1 });
      const groups = [{ dimensions: { service: options.service() }, data }];
      const withHead = !target.metrics && !options.write ? logWithHeadOf(log) : undefined;
      if (withHead) {
        const head = emfHead(target.namespace, groups, Date.now());
        if (withHead('warn', 'mcp request rejected', withMetricValues(fields, groups), head)) return;
      } else log.warn('mcp request rejected', fields);
      emitMetrics(target, groups);
    },
  };
}

/**
 * Text the client chose (ids, method and tool names, its own name) is cut to this in a log
 * line: CloudWatch Logs splits an event past its size limit, which loses the line's EMF
 * metrics and its JSON, and a client could otherwise put megabytes into every line.
 */
const CLIENT_TEXT_LIMIT = 256;

function bounded<T>(value: T): T | string {
  return typeof value === 'string' && value.length > CLIENT_TEXT_LIMIT
    ? `${value.slice(0, CLIENT_TEXT_LIMIT)}… (${value.length} characters)`
    : value;
}

/** JSON-RPC code of a refusal for lack of scope. */
const FORBIDDEN = -32003;

/**
 * The metrics of one answered request. Requests and errors of the function as a whole are
 * AWS/Lambda's own `Invocations` and `Errors`, free and exact; these are what Lambda cannot
 * see: per tool, `ToolErrors` (a tool error or JSON-RPC error answer; recorded only when it
 * happens, so its Sum counts errors) and `ToolLatency` (whose SampleCount is the number of calls); per service, `ColdStart` and `AuthFailures`
 * (a caller without the scope a tool needs: 403 insufficient_scope). Dimension and metric
 * values go to the document's root.
 */
interface RequestMetrics {
  groups: MetricGroup[];
  /** Which metrics the groups hold, as bits (cold start 1, auth failure 2, tool 4, failed tool 8): their directives' cache key. */
  shape: number;
}

const NO_METRICS: RequestMetrics = { groups: [], shape: 0 };

/** CloudWatch refuses a dimension value longer than this, and with it the line's metrics. */
const DIMENSION_VALUE_LIMIT = 1024;

function requestMetrics(
  record: RequestRecord,
  service: string,
  isTool: ((name: string) => boolean) | undefined,
): RequestMetrics {
  const groups: MetricGroup[] = [];
  const serviceData: MetricDatum[] = [];
  let shape = 0;
  if (record.platform.kind === 'lambda' && record.platform.coldStart) {
    serviceData.push({ name: 'ColdStart', unit: 'Count', value: 1 });
    shape |= 1;
  }
  if (record.errorCode === FORBIDDEN) {
    serviceData.push({ name: 'AuthFailures', unit: 'Count', value: 1 });
    shape |= 2;
  }
  if (serviceData.length > 0) groups.push({ dimensions: { service }, data: serviceData });
  const { tool } = record;
  if (tool !== undefined && (isTool === undefined || isTool(tool))) {
    const latency: MetricDatum = {
      name: 'ToolLatency',
      unit: 'Milliseconds',
      value: round(record.durationMs),
    };
    // ToolErrors only when there is one: its Sum is the error count all the same, the
    // latency's SampleCount the call count, and a successful call's line is 52 bytes shorter.
    const failed = record.outcome === 'tool_error' || record.outcome === 'error';
    shape |= failed ? 8 : 4;
    groups.push({
      dimensions: {
        service,
        tool: tool.length > DIMENSION_VALUE_LIMIT ? tool.slice(0, DIMENSION_VALUE_LIMIT) : tool,
      },
      data: failed ? [{ name: 'ToolErrors', unit: 'Count', value: 1 }, latency] : [latency],
    });
  }
  return { groups, shape };
}

/** `fields` with the dimension and metric values an EMF document keeps at its root. */
function withMetricValues(
  fields: Record<string, unknown>,
  groups: readonly MetricGroup[],
): Record<string, unknown> {
  for (const { dimensions, data } of groups) {
    Object.assign(fields, dimensions);
    for (const datum of data) fields[datum.name] = datum.value;
  }
  return fields;
}

/** The headers as the event carries them; an empty `multiValueHeaders` defers to `headers`, as the request was read. */
function eventHeaders(platform: Platform): unknown {
  if (platform.kind !== 'lambda') return undefined;
  const { multiValueHeaders, headers } = platform.event;
  if (multiValueHeaders && Object.keys(multiValueHeaders).length > 0) return multiValueHeaders;
  return headers ?? multiValueHeaders;
}

/** `headers` with the values of the named credential headers (in any case) replaced. */
function withoutCredentials(headers: unknown, names: readonly string[]): unknown {
  if (names.length === 0 || typeof headers !== 'object' || headers === null) return headers;
  const copy: Record<string, unknown> = { ...headers };
  for (const name in copy) if (names.includes(name.toLowerCase())) copy[name] = REDACTED;
  return copy;
}

function clientName(client: Implementation | undefined): string | undefined {
  return client ? `${client.name}/${client.version}` : undefined;
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
