import { readEnvironment } from '../../config/environment.ts';
import { credentialHeaders, type HttpOptions } from '../../http/http-options.ts';
import type { ResultLimit } from '../../http/result-limit.ts';
import { definitionOf } from '../../server/definition.ts';
import type { MetricsLike } from './observe/emf-metrics.ts';
import { createLambdaObserver } from './observe/lambda-observer.ts';
import type { TraceContext } from './observe/trace-context.ts';

/** Lambda's limit on a buffered (RequestResponse) invocation's response payload. */
export const LAMBDA_RESPONSE_LIMIT_BYTES = 6 * 1024 * 1024;
/**
 * An ALB takes at most 1 MB of response JSON from a Lambda target and answers 502 past it
 * (Elastic Load Balancing's Lambda target limits); read as decimal, the stricter reading.
 */
export const ALB_RESPONSE_LIMIT_BYTES = 1_000_000;
/** Room for the result envelope around the body: status, headers, flags. */
const ENVELOPE_BYTES = 8 * 1024;

/**
 * A Lambda handler's options: the HTTP options every adapter takes, plus observability.
 * Logs go to the server's logger (`createServer({ logger })`).
 */
export interface LambdaHandlerOptions extends Omit<HttpOptions, 'resultLimit'> {
  /**
   * A Powertools `Metrics`; without it metrics are written as EMF lines; `false` for none
   * (also what `POWERTOOLS_METRICS_DISABLED=true` in the environment means).
   */
  metrics?: MetricsLike | false;
  /** CloudWatch namespace for EMF lines (default `POWERTOOLS_METRICS_NAMESPACE` or `lambda-mcp`). */
  metricsNamespace?: string;
  /** The `service` dimension (default `POWERTOOLS_SERVICE_NAME` or the server name). */
  service?: string;
  /** Receives W3C trace context (`traceparent`, `tracestate`) a client sent in `_meta`. */
  tracer?: (
    trace: TraceContext,
    request: { requestId: string | number; method: string; tool?: string },
  ) => void;
  /** Where EMF lines go (default stdout). */
  writeMetricLine?: (line: string) => void;
  /** Header names that look secret but are not: logged unredacted on failed requests. */
  redactAllow?: readonly string[];
}

/** HTTP options for a Lambda handler: observation built in, and the 6 MB limit when buffered. */
export function lambdaHttpOptions(
  server: object,
  options: LambdaHandlerOptions,
  mode: 'buffered' | 'streaming',
): HttpOptions {
  const environment = readEnvironment();
  let service = options.service ?? environment.serviceName;
  const observe =
    options.observe ??
    createLambdaObserver({
      // Read lazily: the definition is fixed at the first request, after every registration.
      logger: () => definitionOf(server).logger,
      metrics: options.metrics ?? (environment.metricsDisabled ? false : undefined),
      namespace: options.metricsNamespace,
      service: () => {
        service ??= definitionOf(server).info.name;
        return service;
      },
      tracer: options.tracer,
      write: options.writeMetricLine,
      isTool: (name) => definitionOf(server).tools.has(name),
      ...(options.redactAllow ? { redactAllow: options.redactAllow } : {}),
      credentialHeaders: credentialHeaders(options),
    });
  const resultLimit = mode === 'buffered' ? bufferedResultLimit(LAMBDA_RESPONSE_LIMIT_BYTES) : undefined;
  return { ...options, observe, resultLimit };
}

/** The body travels inside the result's JSON, as a JSON string: measure it escaped. */
export function bufferedResultLimit(limitBytes: number): ResultLimit {
  return {
    maxBytes: limitBytes - ENVELOPE_BYTES,
    measure: (serialized) => Buffer.byteLength(JSON.stringify(serialized)),
  };
}
