import { spawn } from 'node:child_process';
import { CliError } from '../cli-error.ts';
import type { CommandIo } from '../command.ts';

/**
 * The package manager that started us (`pnpm create`, `yarn create`, `bun create` set
 * npm_config_user_agent), else npm.
 */
export function packageManager(env: NodeJS.ProcessEnv = process.env): string {
  return /^(pnpm|yarn|bun)\//.exec(env.npm_config_user_agent ?? '')?.[1] ?? 'npm';
}

/**
 * How to start `<manager> install`. On Windows the managers are `.cmd` scripts, which Node
 * starts only through a shell (EINVAL otherwise), given as one command line (Node 24
 * deprecates a shell with separate arguments). `manager` is one of packageManager's names.
 */
export function installCommand(
  manager: string,
  platform: NodeJS.Platform = process.platform,
): { command: string; args: string[]; shell: boolean } {
  return platform === 'win32'
    ? { command: `${manager} install`, args: [], shell: true }
    : { command: manager, args: ['install'], shell: false };
}

/** Runs `<manager> install` in the new project; its output goes to stderr, beside our progress. */
export function installDependencies(dir: string, manager: string, io: CommandIo): Promise<void> {
  return new Promise((resolve, reject) => {
    const { command, args, shell } = installCommand(manager);
    const child = spawn(command, args, { cwd: dir, shell, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (chunk: Buffer) => io.stderr.write(chunk));
    child.stderr.on('data', (chunk: Buffer) => io.stderr.write(chunk));
    child.on('error', (error) =>
      reject(
        new CliError(`could not run ${manager} install (${error.message}). Install it, or use --no-install.`),
      ),
    );
    child.on('close', (code) => {
      if (code === 0) resolve();
      else
        reject(
          new CliError(
            `${manager} install failed (exit ${code}): the project is in ${dir}; run ${manager} install there once the problem above is fixed.`,
          ),
        );
    });
  });
}
