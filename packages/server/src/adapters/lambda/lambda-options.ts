import type { HttpOptions } from '../../http/http-options.ts';
import { createJsonLogger, type Logger } from '../../log/logger.ts';
import type { McpServer } from '../../server/create-server.ts';
import type { MetricsLike } from './observe/emf-metrics.ts';
import { createLambdaObserver } from './observe/lambda-observer.ts';
import type { TraceContext } from './observe/trace-context.ts';

/** Lambda's limit on a buffered (RequestResponse) invocation's response payload. */
export const LAMBDA_RESPONSE_LIMIT_BYTES = 6 * 1024 * 1024;
/** Room for the result envelope around the body: status, headers, flags. */
const ENVELOPE_BYTES = 8 * 1024;

export interface LambdaHandlerOptions extends HttpOptions {
  /** A custom domain's base path mapping to remove from paths, e.g. `/api`. */
  basePath?: string;
  /** Where request and tool-call log lines go: a Powertools `Logger` or any `Logger`. */
  logger?: Logger | PowertoolsLoggerLike;
  /**
   * A Powertools `Metrics`; without it metrics are written as EMF lines; `false` for none
   * (also what `POWERTOOLS_METRICS_DISABLED=true` in the environment means).
   */
  metrics?: MetricsLike | false;
  /** CloudWatch namespace for EMF lines (default `POWERTOOLS_METRICS_NAMESPACE` or `lambda-mcp`). */
  metricsNamespace?: string;
  /** The `service` dimension and log field (default `POWERTOOLS_SERVICE_NAME` or the server name). */
  service?: string;
  /** Receives W3C trace context (`traceparent`, `tracestate`) a client sent in `_meta`. */
  tracer?: (
    trace: TraceContext,
    request: { requestId: string | number; method: string; tool?: string },
  ) => void;
  /** Where EMF lines go (default stdout). */
  writeMetricLine?: (line: string) => void;
}

/**
 * A Powertools for AWS Lambda `Logger`: it takes `(message, fields)` like `Logger`, but types
 * its extra arguments more narrowly than `Record<string, unknown>`.
 */
export interface PowertoolsLoggerLike {
  debug(message: string, ...extra: never[]): void;
  info(message: string, ...extra: never[]): void;
  warn(message: string, ...extra: never[]): void;
  error(message: string, ...extra: never[]): void;
}

export interface ResolvedLambdaOptions {
  http: HttpOptions;
  basePath: string | undefined;
  logger: Logger;
}

/** HTTP options for a Lambda handler: observation built in, and the 6 MB limit when buffered. */
export function resolveLambdaOptions(
  server: McpServer,
  options: LambdaHandlerOptions,
  mode: 'buffered' | 'streaming',
): ResolvedLambdaOptions {
  // Both kinds accept (message, fields) at run time; only their declared types differ.
  const logger = (options.logger ?? createJsonLogger()) as Logger;
  let service: string | undefined = options.service ?? process.env.POWERTOOLS_SERVICE_NAME;
  const observe =
    options.observe ??
    createLambdaObserver({
      logger,
      // POWERTOOLS_METRICS_DISABLED=true (the Powertools convention) turns EMF off, e.g. in tests.
      metrics:
        options.metrics ??
        (/^(1|true|yes|on)$/i.test(process.env.POWERTOOLS_METRICS_DISABLED ?? '') ? false : undefined),
      namespace: options.metricsNamespace,
      // Read lazily: the definition is fixed at the first request, after every registration.
      service: () => {
        service ??= server.definition().info.name;
        return service;
      },
      tracer: options.tracer,
      write: options.writeMetricLine,
    });
  const resultLimit =
    options.resultLimit ??
    (mode === 'buffered' ? bufferedResultLimit(LAMBDA_RESPONSE_LIMIT_BYTES) : undefined);
  return { http: { ...options, observe, resultLimit }, basePath: options.basePath, logger };
}

/** The body travels inside the result's JSON, as a JSON string: measure it escaped. */
export function bufferedResultLimit(limitBytes: number): HttpOptions['resultLimit'] {
  return {
    maxBytes: limitBytes - ENVELOPE_BYTES,
    measure: (serialized) => Buffer.byteLength(JSON.stringify(serialized)),
  };
}
