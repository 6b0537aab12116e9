import { createInterface, type Interface } from 'node:readline';

/** Lines typed at the terminal, one per question; undefined once stdin has ended. */
export class TerminalLines {
  readonly #output: NodeJS.WritableStream;
  readonly #readline: Interface;
  /** Whether the terminal echoes what is typed (else the transcript gets it from here). */
  readonly #echoes: boolean;
  readonly #typed: string[] = [];
  #waiting: ((line: string | undefined) => void) | undefined;
  #ended = false;

  constructor(input: NodeJS.ReadableStream, output: NodeJS.WritableStream) {
    this.#output = output;
    this.#echoes = (input as { isTTY?: boolean }).isTTY === true;
    this.#readline = createInterface({ input, output, terminal: this.#echoes });
    this.#readline.on('line', (line) => this.#deliver(line));
    this.#readline.on('close', () => {
      this.#ended = true;
      // Ctrl-D leaves the cursor after the question: what is printed next gets a line of its own.
      if (this.#waiting) output.write('\n');
      this.#deliver(undefined);
    });
    // A raw-mode terminal turns Ctrl-C into a key: give it back its meaning, ending the command.
    this.#readline.on('SIGINT', () => {
      this.#readline.close();
      process.kill(process.pid, 'SIGINT');
    });
  }

  say(line: string): void {
    this.#output.write(`${line}\n`);
  }

  ask(question: string): Promise<string | undefined> {
    const typed = this.#typed.shift();
    if (typed !== undefined || this.#ended) {
      this.#output.write(`${question}${typed ?? ''}\n`);
      return Promise.resolve(typed);
    }
    this.#readline.setPrompt(question);
    this.#readline.prompt();
    return new Promise((resolve) => {
      this.#waiting = resolve;
    });
  }

  close(): void {
    this.#readline.close();
  }

  #deliver(line: string | undefined): void {
    const waiting = this.#waiting;
    this.#waiting = undefined;
    if (waiting) {
      if (line !== undefined && !this.#echoes) this.#output.write(`${line}\n`);
      waiting(line);
    } else if (line !== undefined) this.#typed.push(line);
  }
}
