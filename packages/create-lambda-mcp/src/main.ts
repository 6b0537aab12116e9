#!/usr/bin/env node
// `npm create lambda-mcp@latest [dir] -- [--template tasks]` runs this bin: it is `lambda-mcp init`,
// from the @lambda-mcp/cli this package depends on (one implementation, one set of templates).
import { runCli } from '@lambda-mcp/cli/cli';

process.exitCode = await runCli(['init', ...process.argv.slice(2)], {
  stdout: process.stdout,
  stderr: process.stderr,
});
