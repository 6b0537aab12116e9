import { readEnvironment } from '../config/environment.ts';
import { secretsManagerSigningKeys } from '../config/secrets-manager-signing-keys.ts';
import { createJsonLogger, type Logger, type PowertoolsLoggerLike } from '../log/logger.ts';
import { RequestStateSigner, type SigningKeySource } from '../protocol/request-state.ts';
import type { Icon, Implementation } from '../protocol/wire-types.ts';
import type { SchemaLike } from '../schema/schema.ts';
import { type CacheSettings, DEFAULT_CACHE, resolveListHints } from './cache-hint.ts';
import { deriveCapabilities } from './capabilities.ts';
import type { RequestContext } from './context.ts';
import { DEFINITION, type ServerDefinition } from './definition.ts';
import { definePrompt, type PromptConfig, type PromptDefinition, type PromptHandler } from './prompt.ts';
import {
  type CompletionSource,
  defineResource,
  defineResourceTemplate,
  type ResourceMeta,
  type ResourceTemplateOptions,
  type StaticResource,
  type TemplateResource,
} from './resource.ts';
import { checkServerOptions } from './server-options-check.ts';
import {
  type ContentReturn,
  defineTool,
  type SchemaOutput,
  type StructuredReturn,
  type ToolConfig,
  type ToolDefinition,
  type ToolInput,
} from './tool.ts';

export interface ServerOptions {
  /** A machine name; `namespace/name` style reads well in Server Cards. */
  name: string;
  version: string;
  title?: string;
  description?: string;
  /** Guidance for the model on how to use this server as a whole. */
  instructions?: string;
  icons?: Icon[];
  websiteUrl?: string;
  /** Cache hints for cacheable results (2026-07-28); see `CacheSettings` for the defaults. */
  cache?: Partial<CacheSettings>;
  /** Items per page of the list methods (default 100). */
  pageSize?: number;
  /**
   * What lists show a caller of tools, resources and prompts it may not use (their `auth`
   * rule refuses it): `hide` (default) leaves them out, `show` lists everything and refuses
   * the call.
   */
  listUnauthorized?: 'hide' | 'show';
  /**
   * MRTR `requestState` signing. Every instance behind one endpoint needs the same secret:
   * default the Secrets Manager secret `LAMBDA_MCP_STATE_SECRET_ARN` names (read on first
   * use, then again in the background every 15 minutes, a failed read logged as a warning;
   * sign with AWSCURRENT, verify with AWSCURRENT or AWSPREVIOUS), else
   * `LAMBDA_MCP_STATE_SECRET`, otherwise a per-process random secret (fine for one process,
   * not for a fleet of Lambda instances). A `SigningKeySource` brings keys from elsewhere.
   */
  requestState?: { secret?: string | Uint8Array | SigningKeySource; ttlMs?: number };
  /**
   * Where the framework and every adapter log: a `Logger` or a Powertools for AWS Lambda
   * `Logger` (default: JSON lines on stdout/stderr, level from the environment).
   */
  logger?: Logger | PowertoolsLoggerLike;
  /**
   * Tool arguments the input schema does not declare: `refuse` (default) answers a
   * VALIDATION_ERROR naming them; `allow` passes them on. Per tool with `unknownArguments`.
   */
  unknownArguments?: 'refuse' | 'allow';
  /**
   * Rewrites tool input and output schemas before `tools/list` advertises them. Pass
   * `portableSchema` for the subset Gemini and clients that forward to it accept (one type
   * per schema with `nullable`, no `const`, `$ref`, `additionalProperties`); by default the
   * JSON Schema 2020-12 is advertised as given or exported. Validation always uses the full
   * schema. (A function, not a flag, so servers that do not use it do not ship it.)
   */
  schemaOutput?: SchemaOutput;
  /** What an operator configures for this server, published at `/.well-known/mcp-config`. */
  configSchema?: Record<string, unknown>;
}

export interface McpServer {
  /** Registers a tool whose handler returns text, content blocks or a whole CallToolResult. */
  tool<const In extends SchemaLike | undefined = undefined>(
    name: string,
    config: ToolConfig<In, undefined>,
    handler: (input: ToolInput<In>, ctx: RequestContext) => ContentReturn | Promise<ContentReturn>,
  ): McpServer;
  /** Registers a tool with structured output: the handler returns a value of the `output` schema. */
  tool<const In extends SchemaLike | undefined, const Out extends SchemaLike>(
    name: string,
    config: ToolConfig<In, Out> & { output: Out },
    handler: (
      input: ToolInput<In>,
      ctx: RequestContext,
    ) => StructuredReturn<Out> | Promise<StructuredReturn<Out>>,
  ): McpServer;
  resource(uri: string, meta: ResourceMeta, read: StaticResource['read']): McpServer;
  resourceTemplate(
    uriTemplate: string,
    meta: ResourceMeta,
    read: TemplateResource['read'],
    options?: ResourceTemplateOptions,
  ): McpServer;
  prompt(
    name: string,
    config: PromptConfig,
    get: PromptHandler,
    options?: { complete?: Record<string, CompletionSource> },
  ): McpServer;
}

/** Creates a stateless MCP server definition. Register tools, resources and prompts, then serve it. */
export function createServer(options: ServerOptions): McpServer {
  checkServerOptions(options);
  const tools = new Map<string, ToolDefinition>();
  const resources = new Map<string, StaticResource>();
  const templates: TemplateResource[] = [];
  const prompts = new Map<string, PromptDefinition>();
  let frozen: ServerDefinition | undefined;

  const register = (kind: string, name: string, taken: boolean) => {
    if (frozen) {
      throw new Error(
        `Cannot register ${kind} "${name}" after the server started handling requests: a stateless server's definition is fixed.`,
      );
    }
    if (taken) throw new Error(`A ${kind} named "${name}" is already registered.`);
  };

  const server: McpServer = {
    tool(name: string, config: ToolConfig<SchemaLike | undefined, SchemaLike | undefined>, handler: unknown) {
      register('tool', name, tools.has(name));
      tools.set(
        name,
        defineTool(name, config, handler as never, {
          unknownArguments: options.unknownArguments,
          schemaOutput: options.schemaOutput,
        }),
      );
      return server;
    },
    resource(uri, meta, read) {
      register('resource', uri, resources.has(uri));
      resources.set(uri, defineResource(uri, meta, read));
      return server;
    },
    resourceTemplate(uriTemplate, meta, read, templateOptions) {
      register(
        'resource template',
        uriTemplate,
        templates.some((t) => t.template.template === uriTemplate),
      );
      templates.push(defineResourceTemplate(uriTemplate, meta, read, templateOptions));
      return server;
    },
    prompt(name, config, get, promptOptions) {
      register('prompt', name, prompts.has(name));
      prompts.set(name, definePrompt(name, config, get, promptOptions));
      return server;
    },
  };
  // The HTTP layer reads the definition through this key; it is not part of the public API.
  Object.defineProperty(server, DEFINITION, {
    value: () => {
      frozen ??= freeze();
      return frozen;
    },
  });

  const freeze = (): ServerDefinition => {
    const info: Implementation = { name: options.name, version: options.version };
    if (options.title !== undefined) info.title = options.title;
    if (options.description !== undefined) info.description = options.description;
    if (options.icons !== undefined) info.icons = options.icons;
    if (options.websiteUrl !== undefined) info.websiteUrl = options.websiteUrl;
    const environment = readEnvironment();
    // Both kinds accept (message, fields) at run time; only their declared types differ.
    const logger =
      (options.logger as Logger | undefined) ??
      createJsonLogger({ service: environment.serviceName ?? options.name });
    const stateSecretArn = environment.stateSecretArn;
    const secret =
      options.requestState?.secret ??
      (stateSecretArn
        ? secretsManagerSigningKeys(stateSecretArn, {
            onError: (error) =>
              logger.warn('could not re-read the requestState signing keys; the keys held stay in use', {
                secretId: stateSecretArn,
                error,
              }),
          })
        : environment.stateSecret);
    return {
      info,
      instructions: options.instructions,
      capabilities: deriveCapabilities({ tools, resources, templates, prompts }),
      tools,
      toolList: [...tools.values()],
      resources,
      templates,
      prompts,
      cache: {
        lists: resolveListHints(
          options.cache,
          templates.some((t) => t.options.list !== undefined),
        ),
        reads: options.cache?.reads ?? DEFAULT_CACHE.reads,
      },
      pageSize: options.pageSize ?? 100,
      filtersLists:
        (options.listUnauthorized ?? 'hide') === 'hide' &&
        ([...tools.values()].some((t) => t.access !== undefined) ||
          [...resources.values()].some((r) => r.meta.auth !== undefined) ||
          templates.some((t) => t.meta.auth !== undefined) ||
          [...prompts.values()].some((p) => p.config.auth !== undefined)),
      signer: new RequestStateSigner(secret, options.requestState?.ttlMs ?? 10 * 60_000),
      logger,
      configSchema: options.configSchema,
    };
  };

  return server;
}
