import { spawn } from 'node:child_process';
import { CliError } from './cli-error.ts';

export interface ReportingChild {
  /** The script and the Node flags it runs with. */
  script: string;
  nodeArgs: readonly string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Written to the child's stdin as JSON. */
  request: unknown;
  /** Past this, the child is killed: for one that cannot report a timeout itself. */
  killAfterMs: number;
  /** The error when the child ends without a report: `how` it ended, its last output line. */
  failure(how: string, lastLine: string | undefined): string;
}

/**
 * Runs a Node script in a fresh process that reads its request on stdin and writes one JSON
 * report on fd 3; its stdout and stderr (the handler's log, for the scripts here) come back as
 * lines, interleaved as they came. `invoke` and `build --code-cache` run theirs this way.
 */
export function runReportingChild<T>(options: ReportingChild): Promise<{ report: T; logs: string[] }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...options.nodeArgs, options.script], {
      cwd: options.cwd,
      env: options.env,
      stdio: ['pipe', 'pipe', 'pipe', 'pipe'],
    });
    let reported = '';
    let pending = '';
    const logs: string[] = [];
    const collect = (chunk: string) => {
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      logs.push(...lines.filter((line) => line !== ''));
    };
    child.stdout.setEncoding('utf8').on('data', collect);
    child.stderr.setEncoding('utf8').on('data', collect);
    (child.stdio[3] as NodeJS.ReadableStream).setEncoding('utf8').on('data', (chunk: string) => {
      reported += chunk;
    });
    const killer = setTimeout(() => child.kill('SIGKILL'), options.killAfterMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(killer);
      if (pending !== '') logs.push(pending);
      if (reported === '') {
        const how = signal ? `was killed (${signal})` : `exited with code ${code}`;
        reject(new CliError(options.failure(how, logs.at(-1))));
        return;
      }
      resolve({ report: JSON.parse(reported) as T, logs });
    });
    child.stdin.end(JSON.stringify(options.request));
  });
}
