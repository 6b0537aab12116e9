import type { JsonObject } from '../remote/json-rpc.ts';
import { styleFor } from '../terminal-style.ts';
import { describeContent } from './describe-content.ts';
import { type FormField, formFields } from './form-field.ts';
import type { ClientInput } from './server-connection.ts';
import { TerminalLines } from './terminal-lines.ts';

type Action = 'accept' | 'decline' | 'cancel';

/**
 * The person at the terminal answers what the server asks: an elicitation form field by field
 * (or a URL to visit), a sampling request as the model would. The questions go to stderr, so
 * stdout keeps only the result. Ctrl-D cancels a form; Ctrl-C ends the command.
 */
export class TerminalInput implements ClientInput {
  readonly capabilities = { elicitation: { form: {}, url: {} }, sampling: {} };
  readonly #input: NodeJS.ReadableStream;
  readonly #output: NodeJS.WritableStream;
  #lines: TerminalLines | undefined;

  constructor(input: NodeJS.ReadableStream, output: NodeJS.WritableStream) {
    this.#input = input;
    this.#output = output;
  }

  async request(method: string, params: JsonObject | undefined): Promise<JsonObject> {
    this.#lines ??= new TerminalLines(this.#input, this.#output);
    if (method === 'elicitation/create')
      return params?.mode === 'url'
        ? this.#visitUrl(this.#lines, params)
        : this.#fillForm(this.#lines, params ?? {});
    if (method === 'sampling/createMessage') return this.#sample(this.#lines, params ?? {});
    throw new Error(`lambda-mcp call cannot answer ${method}`);
  }

  /** Lets stdin go, so the process can end. */
  close(): void {
    this.#lines?.close();
    this.#lines = undefined;
  }

  async #fillForm(lines: TerminalLines, params: JsonObject): Promise<JsonObject> {
    const style = styleFor(this.#output);
    lines.say(`\n${style.bold(String(params.message ?? 'The server asks:'))}`);
    const content: JsonObject = {};
    for (const field of formFields(params.requestedSchema)) {
      const answer = await askField(lines, field, style.dim);
      if (answer === CANCELLED) return { action: 'cancel' };
      if (answer !== undefined) content[field.key] = answer;
    }
    const action = await askAction(lines, 'Send these answers?');
    return action === 'accept' ? { action, content } : { action };
  }

  async #visitUrl(lines: TerminalLines, params: JsonObject): Promise<JsonObject> {
    const style = styleFor(this.#output);
    lines.say(`\n${style.bold(String(params.message ?? 'The server asks you to visit a page:'))}`);
    lines.say(`  ${style.cyan(String(params.url))}`);
    return { action: await askAction(lines, 'Open it in a browser. Done?') };
  }

  async #sample(lines: TerminalLines, params: JsonObject): Promise<JsonObject> {
    const style = styleFor(this.#output);
    const limit = typeof params.maxTokens === 'number' ? `, up to ${params.maxTokens} tokens` : '';
    lines.say(`\n${style.bold(`The server asks the model for a message${limit}:`)}`);
    if (typeof params.systemPrompt === 'string')
      lines.say(`  ${style.dim('system:')} ${params.systemPrompt}`);
    for (const message of (params.messages as { role?: string; content?: unknown }[] | undefined) ?? [])
      lines.say(`  ${style.dim(`${message.role ?? 'user'}:`)} ${describeMessageContent(message.content)}`);
    const text = await lines.ask('Answer as the model: ');
    if (text === undefined) throw new Error('no answer was typed for the sampling request');
    return {
      role: 'assistant',
      content: { type: 'text', text },
      model: 'lambda-mcp-call-terminal',
      stopReason: 'endTurn',
    };
  }
}

const CANCELLED = Symbol('cancelled');

/** A field's value; undefined to leave it out; CANCELLED when stdin ended. */
async function askField(
  lines: TerminalLines,
  field: FormField,
  dim: (text: string) => string,
): Promise<unknown> {
  if (field.description) lines.say(`  ${dim(field.description)}`);
  if (field.options.length > 0)
    lines.say(`  ${dim(field.options.map((option, index) => `${index + 1}) ${option.title}`).join('  '))}`);
  const facts = [
    field.kind,
    field.required ? 'required' : undefined,
    field.default !== undefined ? `Enter for ${JSON.stringify(field.default)}` : undefined,
  ].filter(Boolean);
  for (;;) {
    const line = await lines.ask(`  ${field.label} (${facts.join(', ')}): `);
    if (line === undefined) return CANCELLED;
    const text = line.trim();
    if (text === '') {
      if (field.default !== undefined) return field.default;
      if (!field.required) return undefined;
      lines.say(`  ${dim('required')}`);
      continue;
    }
    const parsed = field.parse(text);
    if ('value' in parsed) return parsed.value;
    lines.say(`  ${dim(parsed.problem)}`);
  }
}

async function askAction(lines: TerminalLines, question: string): Promise<Action> {
  for (;;) {
    const line = await lines.ask(`${question} [Y]es, [n]o (decline), [c]ancel: `);
    if (line === undefined) return 'cancel';
    const text = line.trim().toLowerCase();
    if (text === '' || text === 'y' || text === 'yes') return 'accept';
    if (text === 'n' || text === 'no') return 'decline';
    if (text === 'c' || text === 'cancel') return 'cancel';
  }
}

/** A sampling message's content: one block or several, each as one readable line. */
function describeMessageContent(content: unknown): string {
  const blocks = (Array.isArray(content) ? content : [content]) as {
    type?: string;
    [key: string]: unknown;
  }[];
  return blocks.map((block) => describeContent(block ?? {})).join(' ');
}
