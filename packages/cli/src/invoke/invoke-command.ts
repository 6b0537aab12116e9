import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { CliError, EXIT, usageError } from '../cli-error.ts';
import type { Command, CommandIo } from '../command.ts';
import { parseHeaderOptions } from '../header-options.ts';
import { integerOption, jsonObjectOption, parseCommandArgs } from '../parse-command-args.ts';
import { styleFor } from '../terminal-style.ts';
import { type DecodedAnswer, decodeBufferedResult, decodeStreamedResponse } from './decode-http-answer.ts';
import { EVENT_KINDS, isEventKind } from './lambda-event-for.ts';
import type { Invocation } from './run-invocation.ts';

const DEFAULT_MODULE = 'dist/index.mjs';
const DEFAULT_TIMEOUT_MS = 30_000;

const help = `Usage: lambda-mcp invoke [entry|bundle] --method <method> [options]

Runs a Lambda handler once, as Lambda does: in a fresh Node process, with a real event
(the MCP request wrapped as API Gateway, a Function URL or an ALB delivers it) and a
context whose deadline counts down. Prints the decoded MCP response on stdout; the
status, duration, cold start and the handler's log lines on stderr.

The module is a bundle (default ${DEFAULT_MODULE}, what lambda-mcp build writes) or a
TypeScript entry such as src/handler.ts.

Options:
  --method <method>     the MCP method: tools/list, tools/call, resources/read, ...
  --tool <name>         the tool to call (implies --method tools/call)
  --args <json>         the tool's arguments, a JSON object
  --params <json>       more request params, e.g. '{"uri":"weather://cities"}'
  --event <kind>        ${EVENT_KINDS.join(', ')}: REST API, HTTP API, Function URL, ALB
                        (default http; url with --stream)
  --authorizer <json>   what an API Gateway authorizer passed, e.g.
                        '{"jwt":{"claims":{"sub":"u1"},"scopes":["tasks:read"]}}' (http)
  --header <name:value> an HTTP header on the request; repeatable
  --stream              the handler streams its response (createStreamingHandler)
  --event-file <file>   send this event as it is (no --method needed)
  --export <name>       the handler's export name (default handler)
  --timeout <ms>        the function timeout: the context's deadline (default ${DEFAULT_TIMEOUT_MS})
  --json                print everything as one JSON object on stdout
  -h, --help            show this help

Exits 1 when the handler fails or times out, or the answer is an error (HTTP status
400 or more, a JSON-RPC error, or a tool result with isError).
`;

export const invokeCommand: Command = {
  help,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(
      'invoke',
      argv,
      {
        method: { type: 'string' },
        tool: { type: 'string' },
        args: { type: 'string' },
        params: { type: 'string' },
        event: { type: 'string' },
        authorizer: { type: 'string' },
        header: { type: 'string', multiple: true },
        stream: { type: 'boolean' },
        'event-file': { type: 'string' },
        export: { type: 'string' },
        timeout: { type: 'string' },
        json: { type: 'boolean' },
      },
      1,
    );
    const file = resolve(positionals[0] ?? DEFAULT_MODULE);
    if (!existsSync(file)) {
      throw usageError(
        positionals[0] === undefined
          ? `no module given and ${DEFAULT_MODULE} does not exist. Run lambda-mcp build first, or name the entry: lambda-mcp invoke src/handler.ts --method tools/list`
          : `${positionals[0]} does not exist. Name the bundle or the entry that exports the handler.`,
      );
    }
    const stream = values.stream === true;
    const kind = values.event ?? (stream ? 'url' : 'http');
    if (!isEventKind(kind))
      throw usageError(`--event must be one of ${EVENT_KINDS.join(', ')}, not "${kind}"`);
    const timeoutMs = integerOption('timeout', values.timeout, DEFAULT_TIMEOUT_MS);
    const event = values['event-file']
      ? readEventFile(values['event-file'], values)
      : await mcpEvent(kind, values);

    const { runInvocation } = await import('./run-invocation.ts');
    const invocation = await runInvocation({
      file,
      exportName: values.export ?? 'handler',
      event,
      timeoutMs,
      stream,
    });
    return present(
      invocation,
      { kind: values['event-file'] ? 'file' : kind, json: values.json === true },
      io,
    );
  },
};

interface RequestValues {
  method?: string | undefined;
  tool?: string | undefined;
  args?: string | undefined;
  params?: string | undefined;
  authorizer?: string | undefined;
  header?: string[] | undefined;
}

function readEventFile(path: string, values: RequestValues): unknown {
  if (values.method || values.tool || values.args || values.params) {
    throw usageError(
      '--event-file sends its event as it is: leave out --method, --tool, --args and --params',
    );
  }
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw usageError(`cannot read --event-file ${path}: check the path`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw usageError(`--event-file ${path} is not valid JSON (${(error as Error).message})`);
  }
}

async function mcpEvent(kind: (typeof EVENT_KINDS)[number], values: RequestValues): Promise<unknown> {
  if (values.tool !== undefined && values.method !== undefined && values.method !== 'tools/call') {
    throw usageError(`--tool calls a tool: use it with --method tools/call, not ${values.method}`);
  }
  const method = values.method ?? (values.tool !== undefined ? 'tools/call' : undefined);
  if (method === undefined) {
    throw usageError(
      'missing --method: name the MCP method, e.g. --method tools/list, or --tool <name> to call a tool',
    );
  }
  const args = jsonObjectOption('args', values.args, '{"city":"Lisbon"}');
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

function present(invocation: Invocation, options: { kind: string; json: boolean }, io: CommandIo): number {
  const { report, logs } = invocation;
  if (report.kind === 'init-error') throw new CliError(report.message);
  const answer: DecodedAnswer | undefined =
    report.kind === 'result'
      ? decodeBufferedResult(report.result)
      : report.kind === 'stream'
        ? decodeStreamedResponse(Buffer.from(report.base64, 'base64'))
        : undefined;
  const failure =
    report.kind === 'timeout'
      ? `the handler timed out after ${report.timeoutMs} ms (--timeout)`
      : report.kind === 'handler-error'
        ? `the handler threw ${report.errorType}: ${report.message}`
        : answerFailure(answer!);
  const timing = {
    coldStart: true,
    initMs: round(report.initMs),
    ...('durationMs' in report ? { durationMs: round(report.durationMs) } : {}),
    ...(report.kind === 'stream' ? { firstByteMs: round(report.firstByteMs) } : {}),
  };

  if (options.json) {
    const summary = { event: options.kind, ...answer, ...timing, ...(failure ? { failure } : {}), logs };
    io.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    return failure ? EXIT.failed : EXIT.ok;
  }
  const out = styleFor(io.stdout);
  const err = styleFor(io.stderr);
  if (answer) {
    for (const notification of answer.notifications) {
      io.stdout.write(`${out.dim(JSON.stringify(notification))}\n`);
    }
    io.stdout.write(
      answer.response !== undefined
        ? `${JSON.stringify(answer.response, null, 2)}\n`
        : `${answer.text ?? ''}\n`,
    );
  }
  const facts = [
    answer ? `HTTP ${answer.statusCode} ${answer.headers['content-type'] ?? ''}`.trim() : undefined,
    `${options.kind} event`,
    timing.durationMs !== undefined ? `${timing.durationMs} ms` : undefined,
    timing.firstByteMs !== undefined ? `first byte ${timing.firstByteMs} ms` : undefined,
    `cold start (init ${timing.initMs} ms)`,
  ].filter((fact) => fact !== undefined);
  io.stderr.write(`${err.dim(facts.join(' · '))}\n`);
  if (logs.length > 0) {
    io.stderr.write(`${err.bold(`logs (${logs.length})`)}\n`);
    for (const line of logs) io.stderr.write(`  ${err.dim(line)}\n`);
  }
  if (failure) io.stderr.write(`${err.red('lambda-mcp invoke:')} ${failure}\n`);
  return failure ? EXIT.failed : EXIT.ok;
}

/** Why an answer counts as a failure for a script, or undefined when it does not. */
function answerFailure(answer: DecodedAnswer): string | undefined {
  const response = answer.response as
    | { error?: { code: number; message: string }; result?: { isError?: boolean } }
    | undefined;
  if (response?.error) return `the server answered error ${response.error.code}: ${response.error.message}`;
  if (answer.statusCode >= 400) return `the handler answered HTTP ${answer.statusCode}`;
  if (response?.result?.isError === true) return 'the tool answered an error result (isError)';
  return undefined;
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
