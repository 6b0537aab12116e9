import { readFileSync } from 'node:fs';
import { usageError } from '../cli-error.ts';
import { parseHeaderOptions } from '../header-options.ts';
import { jsonObjectOption } from '../parse-command-args.ts';
import type { EventKind } from './lambda-event-for.ts';

/** The options of `invoke` that say what to send. */
export interface RequestValues {
  method?: string | undefined;
  tool?: string | undefined;
  args?: string | undefined;
  params?: string | undefined;
  authorizer?: string | undefined;
  header?: string[] | undefined;
}

/**
 * An event of the user's own (`--event-file`), sent as it is: the options that would build
 * or change one are refused, not dropped without a word.
 */
export function readEventFile(path: string, values: RequestValues & { event?: string | undefined }): unknown {
  const { method, tool, args, params, header, authorizer, event } = values;
  if (method || tool || args || params || header || authorizer || event) {
    throw usageError(
      '--event-file sends its event as it is: leave out --method, --tool, --args, --params, --header, --authorizer and --event',
    );
  }
  return readJsonEvent(path, '--event-file');
}

/** A Lambda event in a JSON file named by `option`, with a usage error that names the option. */
export function readJsonEvent(path: string, option: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw usageError(`cannot read ${option} ${path}: check the path`);
  }
  try {
    // A byte order mark (Windows editors write one) is not JSON, and JSON.parse's message would name an invisible character.
    return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (error) {
    throw usageError(`${option} ${path} is not valid JSON (${(error as Error).message})`);
  }
}

/**
 * The MCP request the options describe, wrapped in the event shape of `kind`. `argsOption`
 * names the option the arguments came from, in errors (`build` calls it --train-args).
 */
export async function mcpEvent(
  kind: EventKind,
  values: RequestValues,
  argsOption = 'args',
): Promise<unknown> {
  if (values.tool !== undefined && values.method !== undefined && values.method !== 'tools/call') {
    throw usageError(`--tool calls a tool: use it with --method tools/call, not ${values.method}`);
  }
  const method = values.method ?? (values.tool !== undefined ? 'tools/call' : undefined);
  if (method === undefined) {
    throw usageError(
      'missing --method: name the MCP method, e.g. --method tools/list, or --tool <name> to call a tool',
    );
  }
  const args = jsonObjectOption(argsOption, values.args, '{"city":"Lisbon"}');
  if (method === 'tools/call' && values.tool === undefined && values.params === undefined) {
    throw usageError('missing --tool: name the tool to call, e.g. --tool get_weather');
  }
  const params: Record<string, unknown> = {
    ...(values.tool !== undefined
      ? { name: values.tool, arguments: args ?? {} }
      : args
        ? { arguments: args }
        : {}),
    ...jsonObjectOption('params', values.params, '{"uri":"weather://cities"}'),
  };
  const authorizer = jsonObjectOption('authorizer', values.authorizer, '{"principalId":"user-1"}');
  const headers = parseHeaderOptions(values.header);
  // Loaded here: the event builders come from the framework's own testing entry point.
  const [{ mcpRequest }, { lambdaEventFor }] = await Promise.all([
    import('lambda-mcp/testing'),
    import('./lambda-event-for.ts'),
  ]);
  const request = mcpRequest(method, params, { clientInfo: { name: 'lambda-mcp-invoke', version: '0.1.0' } });
  return lambdaEventFor(
    kind,
    { headers: { ...request.headers, ...headers }, body: request.body },
    authorizer,
  );
}
