/** Where a command writes: the answer on `stdout`, everything about it on `stderr`. */
export interface CommandIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

/** A command module: its `--help` text and what it does; it resolves to the exit code. */
export interface Command {
  help: string;
  run(argv: string[], io: CommandIo): Promise<number>;
}
