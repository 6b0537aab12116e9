import { CliError } from '../cli-error.ts';
import { MISSING_CAPABILITY, MissingClientCapability } from '../remote/input-requests.ts';
import { RemoteFailure } from '../remote/remote-failure.ts';
import { ServerError } from './server-error.ts';

/** What `call` can answer when it runs in a terminal: no other input is ever asked of it. */
const ASKABLE = new Set(['elicitation', 'sampling']);

/**
 * Turns what a call failed with into one line that says what to do: the server cannot be
 * reached, wants a credential, refuses it, is not an MCP endpoint, answered an error, or
 * needs input that only a terminal can give.
 */
export function explainCallFailure(error: unknown, url: URL, interactive: boolean): CliError {
  if (error instanceof CliError) return error;
  if (error instanceof RemoteFailure) return new CliError(error.message);
  const terminalHint = (needed: string[]) =>
    !interactive && needed.length > 0 && needed.every((name) => ASKABLE.has(name))
      ? ' (run lambda-mcp call in a terminal to be asked for it)'
      : '';
  if (error instanceof ServerError) {
    const required = (error.data as { requiredCapabilities?: object } | undefined)?.requiredCapabilities;
    const needed = error.code === MISSING_CAPABILITY ? Object.keys(required ?? {}) : [];
    return new CliError(
      `the server answered error ${error.code}: ${firstLine(error.message)}${terminalHint(needed)}`,
    );
  }
  if (error instanceof MissingClientCapability) {
    const needed = Object.keys(error.requiredCapabilities);
    return new CliError(
      `${url.href} needs ${needed.join(' and ')} from the client, which lambda-mcp call did not declare${terminalHint(needed)}.`,
    );
  }
  return new CliError(`${url.href}: ${firstLine((error as Error)?.message ?? String(error))}`);
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? text;
}
