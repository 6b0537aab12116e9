import { CliError, EXIT } from './cli-error.ts';
import type { CommandIo } from './command.ts';
import { COMMANDS, mainHelp } from './commands.ts';
import { styleFor } from './terminal-style.ts';

// Read once from package.json would cost a file read at every start; kept in step by a test.
export const CLI_VERSION = '0.1.0';

/** Runs one invocation of the binary and resolves to its exit code; errors become one line. */
export async function runCli(argv: string[], io: CommandIo): Promise<number> {
  const [name, ...rest] = argv;
  // `lambda-mcp help call`, as git and npm take it: that command's help.
  if (name === 'help' && rest[0] !== undefined) return runCli([rest[0], '--help'], io);
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    // No command is a usage error: the help goes to stderr, where a script will not parse it.
    (name === undefined ? io.stderr : io.stdout).write(mainHelp(CLI_VERSION));
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  if (name === '--version' || name === '-v') {
    io.stdout.write(`${CLI_VERSION}\n`);
    return EXIT.ok;
  }
  const entry = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (entry === undefined) {
    const what = name.startsWith('-') ? `unknown option ${name}` : `unknown command "${name}"`;
    return report(
      io,
      new CliError(`${what}. Run lambda-mcp --help to see the commands.`, 'usage'),
      'lambda-mcp',
    );
  }
  const command = await entry.load();
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout.write(command.help);
    return EXIT.ok;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    return report(io, error, `lambda-mcp ${name}`);
  }
}

function report(io: CommandIo, error: unknown, prefix: string): number {
  const style = styleFor(io.stderr);
  if (error instanceof CliError) {
    io.stderr.write(`${style.red(`${prefix}:`)} ${error.message}\n`);
    return error.exitCode;
  }
  // A bug of ours, not a user mistake: say so, with the stack, so it can be reported.
  io.stderr.write(
    `${style.red(`${prefix}: unexpected error:`)} ${(error as Error)?.stack ?? String(error)}\n`,
  );
  return EXIT.failed;
}
