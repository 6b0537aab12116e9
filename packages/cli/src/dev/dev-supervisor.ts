import { type ChildProcess, spawn } from 'node:child_process';
import { extname, join, relative } from 'node:path';
import { EXIT } from '../cli-error.ts';
import type { CommandIo } from '../command.ts';
import { styleFor } from '../terminal-style.ts';
import { clientConfiguration, configurationName } from './client-configuration.ts';
import type { DevChildMessage } from './dev-child-message.ts';
import { watchSources } from './watch-sources.ts';

// `.ts` when run from source, `.js` in the published package (compiled to dist/).
const CHILD = join(import.meta.dirname, `dev-server-child${extname(import.meta.filename)}`);
// Editors write a file in several steps (truncate, write, rename): one reload for all of them.
const SETTLE_MS = 100;
const STOP_GRACE_MS = 2_000;

export interface DevOptions {
  entry: string;
  host: string;
  port: number;
  watchDir: string;
}

/**
 * Keeps one server process running for `lambda-mcp dev` and replaces it when a file under the
 * watched directory changes. The port found by the first start is kept, so a client stays
 * configured across reloads.
 */
export class DevSupervisor {
  readonly #options: DevOptions;
  readonly #io: CommandIo;
  #port: number;
  #child: ChildProcess | undefined;
  /** The child whose start is under way: it has neither said it is ready nor exited. */
  #starting: ChildProcess | undefined;
  /** The start under way was given up for a newer change (or for Ctrl-C): it reports nothing. */
  #interrupted = false;
  #watcher: { close(): void } | undefined;
  #settle: NodeJS.Timeout | undefined;
  #reloading = Promise.resolve();
  #stopping = false;

  constructor(options: DevOptions, io: CommandIo) {
    this.#options = options;
    this.#io = io;
    this.#port = options.port;
  }

  /** Starts the first server; on success prints where it is and how to connect, and starts watching. */
  async start(): Promise<DevChildMessage> {
    const first = await this.#spawn();
    if (first.type === 'failed') return first;
    this.#port = first.port;
    // Watching before the welcome says so: a file saved as soon as it is read is not missed.
    this.#watcher = watchSources(this.#options.watchDir, (file) => {
      clearTimeout(this.#settle);
      this.#settle = setTimeout(() => {
        // A start that has not finished (an import awaiting what never comes) would hold up
        // this reload, and every later one, for good: the change replaces it.
        this.#interruptStart();
        this.#reload(file);
      }, SETTLE_MS);
    });
    this.#printWelcome(first);
    return first;
  }

  /** Resolves with the exit code once Ctrl-C or SIGTERM stopped the server. */
  untilStopped(): Promise<number> {
    return new Promise((resolve) => {
      const stop = () => {
        this.#stopping = true;
        this.#watcher?.close();
        clearTimeout(this.#settle);
        this.#interruptStart();
        // A reload under way finishes first, so that no server process outlives the command.
        void this.#reloading.then(() => this.#stopChild()).then(() => resolve(EXIT.ok));
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
  }

  #reload(file: string): void {
    this.#reloading = this.#reloading.then(async () => {
      if (this.#stopping) return;
      const err = styleFor(this.#io.stderr);
      const started = performance.now();
      this.#io.stderr.write(err.dim(`${file} changed: restarting\n`));
      await this.#stopChild();
      const outcome = await this.#spawn();
      if (this.#interrupted || this.#stopping) {
        this.#interrupted = false;
        return;
      }
      if (outcome.type === 'ready') {
        const ms = Math.round(performance.now() - started);
        this.#io.stderr.write(`${err.green('reloaded')} ${outcome.url} ${err.dim(`in ${ms} ms`)}\n`);
      } else {
        this.#io.stderr.write(`${err.red('the server did not start:')} ${outcome.message}\n`);
        this.#io.stderr.write(err.dim('fix it and save: lambda-mcp dev restarts on the next change\n'));
      }
    });
  }

  #spawn(): Promise<DevChildMessage> {
    const { entry, host } = this.#options;
    // The flags this CLI runs with (--conditions among them) resolve the module the same way.
    const child = spawn(process.execPath, [...process.execArgv, CHILD, entry, host, String(this.#port)], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.#child = child;
    this.#starting = child;
    return new Promise((resolve) => {
      let ready = false;
      const settled = (outcome: DevChildMessage) => {
        if (this.#starting === child) this.#starting = undefined;
        ready = outcome.type === 'ready';
        resolve(outcome);
      };
      child.once('message', (message: DevChildMessage) => settled(message));
      child.once('exit', (code, signal) => {
        const how = signal ?? `code ${code}`;
        // Still the current server, so not stopped by us: it died on its own (an error nothing
        // caught, process.exit). Its stack is above; without a word, the next call is "refused".
        if (this.#child === child) {
          this.#child = undefined;
          if (ready && !this.#stopping) this.#reportExit(how);
        }
        settled({ type: 'failed', message: `the server process exited (${how})` });
      });
    });
  }

  #reportExit(how: string): void {
    const err = styleFor(this.#io.stderr);
    this.#io.stderr.write(`${err.red('the server exited')} (${how})\n`);
    this.#io.stderr.write(err.dim('fix it and save: lambda-mcp dev restarts on the next change\n'));
  }

  /** Ends the start under way, if any; the reload waiting on it then goes on, silently. */
  #interruptStart(): void {
    const child = this.#starting;
    if (child === undefined) return;
    this.#starting = undefined;
    this.#interrupted = true;
    child.kill('SIGKILL');
  }

  async #stopChild(): Promise<void> {
    const child = this.#child;
    if (child === undefined || child.exitCode !== null || child.signalCode !== null) return;
    this.#child = undefined;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    // An open SSE stream (subscriptions/listen) would hold the graceful close open.
    const killer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
    await exited;
    clearTimeout(killer);
  }

  #printWelcome(ready: Extract<DevChildMessage, { type: 'ready' }>): void {
    const out = styleFor(this.#io.stdout);
    const write = (line: string) => this.#io.stdout.write(`${line}\n`);
    const where = relative(process.cwd(), this.#options.watchDir) || '.';
    write(`${out.green('serving')} ${out.bold(ready.name ?? 'the server')} at ${out.bold(ready.url)}`);
    write(out.dim(`watching ${where} for changes; Ctrl-C stops`));
    write('');
    write(out.bold('Connect a client:'));
    for (const { client, where: place, text } of clientConfiguration(
      configurationName(ready.name),
      ready.url,
    )) {
      write(`  ${client.padEnd(15)}${out.dim(place)}`);
      write(`  ${' '.repeat(15)}${text}`);
    }
  }
}
