import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { usageError } from '../cli-error.ts';
import type { Command } from '../command.ts';
import { integerOption, parseCommandArgs } from '../parse-command-args.ts';
import { mcpEvent, readEventFile } from './invocation-event.ts';
import { EVENT_KINDS, isEventKind } from './lambda-event-for.ts';

const DEFAULT_MODULE = 'dist/index.mjs';
const DEFAULT_TIMEOUT_MS = 30_000;
// The longest function timeout Lambda allows: 15 minutes.
const LAMBDA_MAX_TIMEOUT_MS = 900_000;

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
  --timeout <ms>        the function timeout: the context's deadline (default ${DEFAULT_TIMEOUT_MS},
                        at most ${LAMBDA_MAX_TIMEOUT_MS}, Lambda's limit)
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
    const timeoutMs = integerOption('timeout', values.timeout, DEFAULT_TIMEOUT_MS, LAMBDA_MAX_TIMEOUT_MS);
    const event = values['event-file']
      ? readEventFile(values['event-file'], values)
      : await mcpEvent(kind, values);

    const [{ runInvocation }, { printInvocation }] = await Promise.all([
      import('./run-invocation.ts'),
      import('./print-invocation.ts'),
    ]);
    const invocation = await runInvocation({
      file,
      exportName: values.export ?? 'handler',
      event,
      timeoutMs,
      stream,
    });
    return printInvocation(
      invocation,
      { kind: values['event-file'] ? 'file' : kind, json: values.json === true },
      io,
    );
  },
};
