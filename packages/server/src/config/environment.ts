/**
 * The environment variables the framework honours, read in one place. The names follow
 * Powertools for AWS Lambda, so a function configured for Powertools is configured for
 * lambda-mcp too. Every setting resolves option -> environment -> default at the site that
 * owns the option, through `resolveSetting`.
 */
export interface EnvironmentSettings {
  /**
   * `AWS_LAMBDA_LOG_LEVEL` (Lambda's log-level control, which filters anyway), else
   * `POWERTOOLS_LOG_LEVEL`, else `LOG_LEVEL`; `silent` (Powertools' SILENT) writes no line.
   */
  logLevel: LogLevel | 'silent' | undefined;
  /** `POWERTOOLS_SERVICE_NAME`. */
  serviceName: string | undefined;
  /** `POWERTOOLS_METRICS_DISABLED=true`. */
  metricsDisabled: boolean;
  /** `POWERTOOLS_METRICS_NAMESPACE`. */
  metricsNamespace: string | undefined;
  /** `POWERTOOLS_DEV=true`: indented log lines for reading in a terminal. */
  dev: boolean;
  /** `LAMBDA_MCP_STATE_SECRET`: the MRTR `requestState` signing secret shared by every instance. */
  stateSecret: string | undefined;
  /** `LAMBDA_MCP_STATE_SECRET_ARN`: a Secrets Manager secret holding it, read on first use (wins over the plain value). */
  stateSecretArn: string | undefined;
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** Reads the environment now (call it when building a server or handler, not per request). */
export function readEnvironment(
  env: Readonly<Record<string, string | undefined>> = globalThis.process?.env ?? {},
): EnvironmentSettings {
  return {
    logLevel:
      parseLevel(env.AWS_LAMBDA_LOG_LEVEL) ??
      parseLevel(env.POWERTOOLS_LOG_LEVEL) ??
      parseLevel(env.LOG_LEVEL),
    serviceName: nonEmpty(env.POWERTOOLS_SERVICE_NAME),
    metricsDisabled: isTrue(env.POWERTOOLS_METRICS_DISABLED),
    metricsNamespace: nonEmpty(env.POWERTOOLS_METRICS_NAMESPACE),
    dev: isTrue(env.POWERTOOLS_DEV),
    stateSecret: nonEmpty(env.LAMBDA_MCP_STATE_SECRET),
    stateSecretArn: nonEmpty(env.LAMBDA_MCP_STATE_SECRET_ARN),
  };
}

/** Option -> environment -> default. */
export function resolveSetting<T>(option: T | undefined, environment: T | undefined, fallback: T): T {
  return option ?? environment ?? fallback;
}

const LEVELS: Record<string, LogLevel | 'silent'> = {
  trace: 'debug',
  debug: 'debug',
  info: 'info',
  warn: 'warn',
  warning: 'warn',
  error: 'error',
  critical: 'error',
  fatal: 'error',
  silent: 'silent',
};

function parseLevel(value: string | undefined): LogLevel | 'silent' | undefined {
  return value ? LEVELS[value.trim().toLowerCase()] : undefined;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}

function isTrue(value: string | undefined): boolean {
  return /^(1|true|yes|on)$/i.test(value ?? '');
}
