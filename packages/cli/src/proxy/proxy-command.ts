import { usageError } from '../cli-error.ts';
import type { Command } from '../command.ts';
import { bearerAuthorization, parseHeaderOptions } from '../header-options.ts';
import { integerOption, parseCommandArgs } from '../parse-command-args.ts';

const help = `Usage: lambda-mcp proxy <url> [options]

A stdio MCP server that forwards to a remote MCP server over Streamable HTTP, for clients
that start servers as commands (Claude Desktop and others). Reads JSON-RPC on stdin,
answers on stdout, logs on stderr.

Speaks 2025 revisions (initialize) and 2026-07-28 to the client, and whichever the remote
speaks. When the remote speaks 2026-07-28 and a tool asks for input, a 2025 client is asked
with its own elicitation or sampling request.

Without --token or an Authorization header, a 401 that names protected-resource metadata
starts an OAuth sign-in in the browser; tokens are kept per issuer and server in
<config dir>/lambda-mcp/oauth-credentials.json (mode 0600) and refreshed.

Options:
  --header <name:value>          an HTTP header on every request; repeatable
  --token <token>                sends Authorization: Bearer <token>
  --callback-port <port>         the loopback port of the OAuth redirect (default: free)
  --client-metadata-url <url>    an https client ID metadata document naming that redirect,
                                 used where the authorization server accepts one
  -h, --help                     show this help

Environment:
  LAMBDA_MCP_BROWSER             the command that opens the sign-in URL (default: the
                                 platform's opener; the URL is also printed on stderr)
  LAMBDA_MCP_CONFIG_DIR          where credentials are kept

Example (Claude Desktop, claude_desktop_config.json):
  "mcpServers": { "weather": { "command": "npx",
    "args": ["-y", "@lambda-mcp/cli", "proxy", "https://abc123.lambda-url.eu-west-1.on.aws/mcp"] } }

Runs until stdin closes, then waits up to 5 s for answers still coming. Exits 1 if the remote never answered (unreachable, refused, not MCP).
`;

export const proxyCommand: Command = {
  help,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(
      'proxy',
      argv,
      {
        header: { type: 'string', multiple: true },
        token: { type: 'string' },
        'callback-port': { type: 'string' },
        'client-metadata-url': { type: 'string' },
      },
      1,
    );
    const [address] = positionals;
    if (address === undefined) {
      throw usageError('missing the server URL: lambda-mcp proxy https://example.com/mcp');
    }
    const url = URL.parse(address);
    if (url === null || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
      throw usageError(
        `"${address}" is not an http(s) URL: give the MCP endpoint, e.g. http://127.0.0.1:3000/mcp`,
      );
    }
    const headers = parseHeaderOptions(values.header);
    if (values.token !== undefined) headers.authorization = bearerAuthorization(values.token);
    const callbackPort = values['callback-port'];
    const clientMetadataUrl = values['client-metadata-url'];
    if (clientMetadataUrl !== undefined && !/^https:\/\/[^/]+\/./.test(clientMetadataUrl)) {
      throw usageError(
        `--client-metadata-url must be an https URL with a path, e.g. https://example.com/oauth/client.json, not "${clientMetadataUrl}"`,
      );
    }
    const { runProxy } = await import('./run-proxy.ts');
    return runProxy(
      {
        url,
        headers,
        ...(callbackPort === undefined
          ? {}
          : { callbackPort: integerOption('callback-port', callbackPort, 0, 65_535) }),
        ...(clientMetadataUrl === undefined ? {} : { clientMetadataUrl }),
      },
      { ...io, stdin: process.stdin },
    );
  },
};
