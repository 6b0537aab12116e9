/** Exit codes a script can rely on. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

/**
 * An error the CLI reports as one line and an exit code: `usage` for a bad invocation
 * (exit 2), `failed` when the operation itself went wrong (exit 1). The message says what
 * happened and what to do; no stack trace is printed.
 */
export class CliError extends Error {
  readonly exitCode: number;

  constructor(message: string, kind: 'usage' | 'failed' = 'failed') {
    super(message);
    this.name = 'CliError';
    this.exitCode = EXIT[kind];
  }
}

/** A bad invocation: exit 2. */
export function usageError(message: string): CliError {
  return new CliError(message, 'usage');
}
