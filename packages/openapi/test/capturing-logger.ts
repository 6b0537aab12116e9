import { inspect } from 'node:util';
import type { Logger } from 'lambda-mcp';

/** A logger that keeps its lines, so a test can read what went to the log and not to the client. */
export function capturingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  // inspect, not JSON.stringify: an Error's message, cause and stack must be searchable too.
  const at = (level: string) => (message: string, fields?: Record<string, unknown>) => {
    lines.push(`${level} ${message} ${inspect(fields, { depth: 8, showHidden: true })}`);
  };
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
