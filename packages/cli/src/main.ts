#!/usr/bin/env node
// The `lambda-mcp` binary. Start time is part of the product (`--help` and `call` in under
// 150 ms), so this file imports nothing of ours statically: the compile cache goes on first, and
// each command is loaded only when it runs.
import module from 'node:module';

module.enableCompileCache?.();

// `lambda-mcp call URL | head` closes stdout early: that is the reader's choice, not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

const { runCli } = await import('./run-cli.ts');
process.exitCode = await runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr });
