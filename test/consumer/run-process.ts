import { spawn } from 'node:child_process';
import { consumerEnv } from './consumer-env.ts';

export interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command outside the repository's environment (see consumerEnv) and collects its output. */
export function runProcess(command: string, args: readonly string[], cwd: string): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: consumerEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Like runProcess, and fails with the command's output unless it exits 0. */
export async function runChecked(command: string, args: readonly string[], cwd: string): Promise<Finished> {
  const finished = await runProcess(command, args, cwd);
  if (finished.code !== 0) {
    throw new Error(
      `${command} ${args.join(' ')} exited ${finished.code}\n${finished.stdout}\n${finished.stderr}`,
    );
  }
  return finished;
}
