import { invalidParams } from '../protocol/errors.ts';
import type { Icon, PromptMessage } from '../protocol/wire-types.ts';
import type { AccessRule } from './access.ts';
import type { RequestContext } from './context.ts';
import type { CompletionSource } from './resource.ts';

export interface PromptArgument {
  name: string;
  title?: string;
  description?: string;
  required?: boolean;
}

export interface PromptConfig {
  title?: string;
  description?: string;
  arguments?: PromptArgument[];
  icons?: Icon[];
  _meta?: Record<string, unknown>;
  /** Who may list and get it: scopes, or a policy of `ctx.auth` (see `AccessRule`). */
  auth?: AccessRule;
}

export type PromptReturn = string | PromptMessage[] | { description?: string; messages: PromptMessage[] };

export type PromptHandler = (
  args: Record<string, string>,
  ctx: RequestContext,
) => PromptReturn | Promise<PromptReturn>;

export interface PromptDefinition {
  readonly name: string;
  readonly config: PromptConfig;
  readonly descriptor: Record<string, unknown>;
  readonly get: PromptHandler;
  readonly complete: Record<string, CompletionSource>;
}

export function definePrompt(
  name: string,
  config: PromptConfig,
  get: PromptHandler,
  options: { complete?: Record<string, CompletionSource> } = {},
): PromptDefinition {
  const { auth: _auth, ...described } = config;
  return { name, config, descriptor: { name, ...described }, get, complete: options.complete ?? {} };
}

export function checkPromptArguments(prompt: PromptDefinition, args: unknown): Record<string, string> {
  if (args !== undefined && (typeof args !== 'object' || args === null || Array.isArray(args))) {
    throw invalidParams(
      `Invalid arguments for prompt ${prompt.name}: arguments must be an object of strings`,
    );
  }
  const values = (args ?? {}) as Record<string, unknown>;
  for (const [key, value] of Object.entries(values)) {
    if (typeof value !== 'string') {
      throw invalidParams(`Invalid arguments for prompt ${prompt.name}: ${key} must be a string`);
    }
  }
  // Own properties only: an absent `constructor` or `toString` must not be found on Object.prototype.
  const missing = (prompt.config.arguments ?? []).filter((a) => a.required && !Object.hasOwn(values, a.name));
  if (missing.length > 0) {
    throw invalidParams(
      `Missing required argument${missing.length > 1 ? 's' : ''} for prompt ${prompt.name}: ${missing.map((a) => a.name).join(', ')}`,
    );
  }
  return values as Record<string, string>;
}

export function toPromptResult(
  value: PromptReturn,
  description: string | undefined,
): Record<string, unknown> {
  if (typeof value === 'string') {
    return withDescription(
      { messages: [{ role: 'user', content: { type: 'text', text: value } }] },
      description,
    );
  }
  if (Array.isArray(value)) return withDescription({ messages: value }, description);
  return withDescription({ messages: value.messages }, value.description ?? description);
}

function withDescription(
  result: Record<string, unknown>,
  description: string | undefined,
): Record<string, unknown> {
  return description === undefined ? result : { description, ...result };
}

export function unknownPrompt(name: string): Error {
  return invalidParams(`Unknown prompt: ${name}. Call prompts/list to see the available prompts.`);
}
