import { invalidParams } from '../protocol/errors.ts';
import { isJsonObject, type JsonObject } from '../protocol/jsonrpc.ts';
import { assertAllowed } from './access.ts';
import type { AuthInfo } from './auth-info.ts';
import type { ServerDefinition } from './definition.ts';
import type { CompletionSource } from './resource.ts';

/** The most values one completion answer carries (the protocol's limit). */
const MAX_VALUES = 100;

/** The completion source of a prompt argument or template variable, if one was registered. */
export function completionSource(
  def: ServerDefinition,
  ref: JsonObject,
  argument: string,
  auth: AuthInfo | undefined,
): CompletionSource | undefined {
  if (ref.type === 'ref/prompt') {
    const prompt = typeof ref.name === 'string' ? def.prompts.get(ref.name) : undefined;
    if (!prompt) throw invalidParams(`Unknown prompt: ${String(ref.name)}`);
    assertAllowed(`prompt ${prompt.name}`, prompt.config.auth, auth);
    // Own properties only: an argument named `constructor` or `__proto__` has no source.
    return Object.hasOwn(prompt.complete, argument) ? prompt.complete[argument] : undefined;
  }
  if (ref.type === 'ref/resource') {
    const template = def.templates.find((t) => t.template.template === ref.uri);
    if (!template) throw invalidParams(`Unknown resource template: ${String(ref.uri)}`);
    assertAllowed(`resource template ${template.template.template}`, template.meta.auth, auth);
    const sources = template.options.complete;
    return sources && Object.hasOwn(sources, argument) ? sources[argument] : undefined;
  }
  throw invalidParams('Invalid params: ref.type must be ref/prompt or ref/resource');
}

/**
 * The arguments already resolved (`context.arguments`), which sources read as strings: a
 * client's number or object there is its error, not a TypeError in the author's source.
 */
export function completionContext(context: unknown): Record<string, string> {
  const values = isJsonObject(context) && isJsonObject(context.arguments) ? context.arguments : {};
  for (const [key, value] of Object.entries(values)) {
    if (typeof value !== 'string') {
      throw invalidParams(`Invalid params: completion/complete context.arguments.${key} must be a string`);
    }
  }
  return values as Record<string, string>;
}

export function toCompletionResult(values: unknown): JsonObject {
  if (!Array.isArray(values) || !values.every((v) => typeof v === 'string')) {
    // The author's bug: thrown as a plain error, so it is logged and the client gets no detail.
    throw new TypeError('A completion source must return an array of strings');
  }
  return {
    completion: {
      values: values.slice(0, MAX_VALUES),
      total: values.length,
      hasMore: values.length > MAX_VALUES,
    },
  };
}
