import { EXIT } from '../cli-error.ts';
import type { CommandIo } from '../command.ts';
import { styleFor } from '../terminal-style.ts';
import { describeContent } from './describe-content.ts';
import type { ServerConnection } from './server-connection.ts';

interface ToolResult {
  content?: { type: string; [key: string]: unknown }[];
  structuredContent?: unknown;
  isError?: boolean;
}

/** Calls a tool and prints its result: the structured value when there is one, else its content. */
export async function printToolResult(
  connection: ServerConnection,
  name: string,
  args: Record<string, unknown>,
  output: { json: boolean; io: CommandIo },
): Promise<number> {
  const result: ToolResult = await connection.request('tools/call', { name, arguments: args });
  const exitCode = result.isError === true ? EXIT.failed : EXIT.ok;
  const { io } = output;
  if (output.json) {
    io.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    return exitCode;
  }
  const target = result.isError ? io.stderr : io.stdout;
  const style = styleFor(target);
  if (result.isError) target.write(`${style.red(`${name} answered an error:`)}\n`);
  if (result.structuredContent !== undefined && !result.isError) {
    target.write(`${JSON.stringify(result.structuredContent, null, 2)}\n`);
    return exitCode;
  }
  for (const block of result.content ?? []) target.write(`${describeContent(block)}\n`);
  return exitCode;
}
