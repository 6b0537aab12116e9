import { type CallToolResult, type RequestContext, ToolError } from 'lambda-mcp';
import { buildRequest } from './build-request.ts';
import type { ConvertedApi, OperationTool } from './convert-document.ts';
import { type CredentialSource, credentialResolver } from './credential-source.ts';
import { fallbackSecurity } from './fallback-scheme.ts';
import { OpenApiError } from './openapi-error.ts';
import type { SecuritySchemeObject } from './openapi-types.ts';
import { outputChecker } from './output-check.ts';
import { chooseScheme, placeCredential } from './place-credential.ts';
import { ResponseTooLarge, readCapped, readPrefix } from './read-response.ts';
import { decodeText, headersBlock, successResult } from './success-result.ts';
import { mayHaveTakenEffect, rateLimitOf, upstreamError } from './upstream-error.ts';

/** How tools reach the REST API. */
export interface UpstreamOptions {
  /** The API's base URL; the operation's path is appended (`https://api.example.com/v1`). */
  baseUrl: string;
  /** Where the credential comes from, first match wins. Default: the caller's own (`{ from: 'caller' }`). */
  credentials?: readonly CredentialSource[];
  /** The security scheme to fill when an operation offers several (default: the first it lists). */
  securityScheme?: string;
  /**
   * Where the credential goes for operations that name no security requirement (neither
   * their own nor the document's): one of the document's security schemes by name, or a
   * scheme of your own (GitHub's document declares none: `{ type: 'http', scheme: 'bearer' }`).
   * Without it such operations are called without a credential. Like any credential, it
   * goes only to `baseUrl`'s origin and `credentialOrigins`.
   */
  fallbackScheme?: string | SecuritySchemeObject;
  /**
   * Headers of the incoming MCP request copied onto every upstream request (e.g.
   * `accept-language`) to `baseUrl`'s origin or one of `credentialOrigins`, never to another.
   */
  forwardHeaders?: readonly string[];
  /** Upper bound of one upstream call; the request's own deadline bounds it further. Default 30 s. */
  timeoutMs?: number;
  /** Answers larger than this are refused with RESULT_TOO_LARGE. Default 1 MiB. */
  maxResponseBytes?: number;
  /**
   * Whether an operation's own `servers` (or its path's) decide where it goes, as the
   * document says (default true; the caller's credential goes there too). `false` sends
   * every call to `baseUrl`, e.g. to point all of them at a staging copy.
   */
  operationServers?: boolean;
  /**
   * Origins besides `baseUrl`'s that may receive the credential, for operations whose own
   * `servers` name another host (`https://uploads.example.com`). A call that would carry the
   * credential to any other origin is refused before it is sent: a document must not be
   * able to send the caller's key elsewhere.
   */
  credentialOrigins?: readonly string[];
  /** Headers sent with every request (a User-Agent the API asks for). */
  headers?: Readonly<Record<string, string>>;
  /** The fetch to use (default: the global one). */
  fetch?: typeof fetch;
}

export type OperationCall = (
  tool: OperationTool,
  args: Record<string, unknown>,
  ctx: RequestContext,
) => Promise<CallToolResult | Record<string, unknown>>;

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_MAX_RESPONSE_BYTES = 1024 * 1024;
/** Of an error answer, the part read: its message is near the start, and the model sees 500 characters. */
const ERROR_BODY_BYTES = 64 * 1024;

/**
 * Makes the function every generated tool calls: build the request from validated
 * arguments, add the credential where the document's security scheme says, call with the
 * request's abort signal and the tighter of its deadline and `timeoutMs`, and turn the
 * answer into a result or a tool error. Logs name the operation by method and path
 * template: never a URL (a query may hold the key), a header or a credential.
 */
export function operationCaller(api: ConvertedApi, options: UpstreamOptions): OperationCall {
  const base = checkedBaseUrl(options.baseUrl);
  const operationServers = options.operationServers !== false;
  const resolveCredential = credentialResolver(options.credentials ?? [{ from: 'caller' }]);
  const limit = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  const doFetch = options.fetch ?? fetch;
  const { schemes, requirement } = fallbackSecurity(api.securitySchemes, options.fallbackScheme);
  // A typo would otherwise pass for "use the first scheme listed", and the credential go elsewhere.
  if (options.securityScheme !== undefined && !Object.hasOwn(schemes, options.securityScheme)) {
    throw new OpenApiError(
      `securityScheme "${options.securityScheme}" is not one of the security schemes the document declares (${Object.keys(api.securitySchemes).join(', ') || 'none'}).`,
    );
  }
  const checkOutput = outputChecker();
  const trustedOrigins = new Set([
    new URL(base).origin,
    ...(options.credentialOrigins ?? []).map(checkedOrigin),
  ]);
  return async (tool, args, ctx) => {
    const request = buildRequest(tool, args);
    for (const [name, value] of Object.entries(options.headers ?? {}))
      request.headers[name.toLowerCase()] ??= value;
    const target = operationServers && tool.server !== undefined ? serverBase(tool.server, base) : base;
    // A path must extend the target, not splice into its host: `.attacker.example/x` after
    // `https://api.example.com` is another host, which the origin checks below would not see.
    const reached = originOf(`${target}${request.path}`);
    if (reached !== new URL(target).origin) {
      throw new ToolError(
        `${tool.name} would go to ${reached ?? 'an address that is not a URL'}, not to the API this server calls: its path in the document (${tool.path}) does not start with /. It is not sent; the server's operator must fix the document.`,
        { code: 'FORBIDDEN' },
      );
    }
    // The caller's headers may carry its key (x-api-key, authorization): like the credential,
    // they go to the API's own origins only, never where a document's servers entry points.
    let forwarded = false;
    // What an error body must not echo back: the credential in every form it was sent in.
    const secrets: string[] = [];
    if (trustedOrigins.has(new URL(target).origin)) {
      for (const name of options.forwardHeaders ?? []) {
        const value = ctx.headers[name.toLowerCase()];
        if (value !== undefined) request.headers[name.toLowerCase()] = value;
        forwarded ||= value !== undefined;
        if (value !== undefined && SECRET_HEADER.test(name)) secrets.push(value);
      }
    }
    const credential = await resolveCredential(ctx);
    const security = tool.security.length > 0 ? tool.security : requirement;
    const declared = chooseScheme(security, schemes, options.securityScheme) !== undefined;
    if (credential !== undefined) {
      const scheme = placeCredential(credential, security, schemes, request, options.securityScheme);
      const header = credentialHeader(scheme === undefined ? undefined : schemes[scheme]);
      // Raw, percent-encoded (a query or cookie), and as the header carries it (Basic's base64).
      secrets.push(credential, encodeURIComponent(credential));
      if (header !== undefined) secrets.push(request.headers[header] ?? '');
      // fetch would refuse it with a TypeError quoting the value, which would then be logged.
      if (header !== undefined && !sendableHeader(request.headers[header] ?? '')) {
        ctx.logger.warn('credential not sendable in a header', { tool: tool.name, header });
        throw new ToolError(
          `The credential for ${tool.name} cannot be sent in the ${header} header: it holds a line break, a NUL or a character outside Latin-1. The server's operator (or the caller, for the caller's own) must fix it.`,
          { code: 'UNAUTHORIZED' },
        );
      }
      const origin = new URL(target).origin;
      if (scheme !== undefined && !trustedOrigins.has(origin)) {
        ctx.logger.warn('credential not sent to another origin', { tool: tool.name, origin });
        throw new ToolError(
          `${tool.name} is served by ${origin} (its own servers entry), not by the API this server calls, and the credential is not sent there. It cannot be called here; the server's operator can allow that origin (credentialOrigins).`,
          { code: 'FORBIDDEN' },
        );
      }
    }
    if (request.cookies.length > 0) request.headers.cookie = request.cookies.join('; ');
    const url = `${target}${request.path}`;
    // A path written with a fixed query (`/search?type=user`) already has its `?`.
    const joiner = request.path.includes('?') ? '&' : '?';
    const query = request.query.length > 0 ? `${joiner}${request.query.join('&')}` : '';
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const remainingMs = ctx.deadline === undefined ? Number.POSITIVE_INFINITY : ctx.deadline - Date.now();
    // When the request's deadline comes first, its signal stops the call and the framework
    // answers TIMEOUT: a timer of our own for the same moment would race it.
    const timeout = timeoutMs < remainingMs ? AbortSignal.timeout(timeoutMs) : undefined;
    const where = { tool: tool.name, method: request.method, path: tool.path };
    // Safe to repeat as it is: a read, or an idempotent write (PUT, DELETE).
    const repeatable = tool.annotations.readOnlyHint === true || tool.annotations.idempotentHint === true;
    try {
      const response = await doFetch(url + query, {
        method: request.method,
        headers: request.headers,
        body: request.body ?? null,
        signal: timeout ? AbortSignal.any([ctx.signal, timeout]) : ctx.signal,
        // Not followed: a redirect to another host would carry the caller's key (an API key header is not stripped).
        redirect: 'manual',
      });
      if (!response.ok) {
        const head = await readPrefix(response, Math.min(limit, ERROR_BODY_BYTES));
        // An API may echo the credential (a debug page, "unknown key ..."): not to the model, not to the log.
        const text = redact(decodeText(head, response.headers.get('content-type') ?? ''), secrets);
        if (response.status >= 500)
          ctx.logger.warn('upstream error', { ...where, status: response.status, body: text.slice(0, 2000) });
        // Forwarded or configured headers may have carried one: then nothing is claimed.
        const unsent =
          forwarded || options.headers !== undefined
            ? undefined
            : !declared
              ? 'undeclared'
              : credential === undefined
                ? 'missing'
                : undefined;
        const { rateLimited, retryAfter } = rateLimitOf(response.status, response.headers);
        throw upstreamError(tool.name, response.status, text, retryAfter, {
          unsent,
          pathArguments: tool.parameters.some(({ parameter }) => parameter.in === 'path'),
          rateLimited,
          repeatable,
        });
      }
      const bytes = await readCapped(response, limit);
      const result = successResult(
        tool.name,
        tool.outputSchema !== undefined,
        response.status,
        response.headers.get('content-type') ?? '',
        bytes,
        url,
      );
      if (tool.outputSchema === undefined) {
        // Structured content is the object alone; a text answer can carry the headers beside it.
        const block = headersBlock(response.headers, tool.responseHeaders);
        const content = (result as CallToolResult).content;
        return block === undefined ? result : { ...result, content: [...content, block] };
      }
      // With an outputSchema, successResult gives the object or throws.
      const issues = await checkOutput(tool, result as Record<string, unknown>);
      if (issues === undefined) return result;
      ctx.logger.warn('upstream answer does not match its documented schema', {
        ...where,
        status: response.status,
        issues,
      });
      throw new ToolError(
        `The API answered ${tool.name} with ${response.status}: the call went through, but the answer does not match the schema the API documents (${issues}), so it is given here as text. ` +
          `If ${tool.name} changes something, it took effect: do not call it again for that. The answer: ${JSON.stringify(result)}`,
        { code: 'UPSTREAM_ERROR', details: { status: response.status } },
      );
    } catch (error) {
      if (error instanceof ToolError) throw error;
      // The request's own deadline or the client leaving: the framework answers TIMEOUT or CANCELLED.
      if (ctx.signal.aborted) throw ctx.signal.reason;
      if (error instanceof ResponseTooLarge) {
        throw new ToolError(
          `The API's answer to ${tool.name} is larger than ${limit} bytes. Ask for less: use the operation's filters or a smaller page size.`,
          { code: 'RESULT_TOO_LARGE' },
        );
      }
      ctx.logger.warn('upstream call failed', { ...where, error });
      if (timeout?.aborted) {
        const caveat = repeatable ? '' : ` ${mayHaveTakenEffect(tool.name)}`;
        throw new ToolError(
          `The API did not answer ${tool.name} within ${timeoutMs} ms. Try again later.${caveat}`,
          { code: 'SERVICE_UNAVAILABLE' },
        );
      }
      throw new ToolError(`The API could not be reached to call ${tool.name}. Try again later.`, {
        code: 'SERVICE_UNAVAILABLE',
      });
    }
  };
}

/**
 * Forwarded headers whose value is a credential, by name (as lambda-mcp's log redaction
 * names them): `x-api-key`, `authorization`, `cookie`, `x-auth-token`...
 */
const SECRET_HEADER = /auth|token|key|secret|passw|session|cookie|signature|credential/i;

/**
 * The text with each secret replaced by `[credential]`: a header value whole, or its part
 * after a scheme word (`Basic <base64>`, `Bearer <token>`).
 */
function redact(text: string, secrets: readonly string[]): string {
  const forms = new Set<string>();
  for (const secret of secrets) {
    // `Basic <base64>`: the scheme word is no secret, and saying it helps.
    forms.add(/^(?:Basic|Bearer|Token|Digest)\s+(\S.*)$/i.exec(secret)?.[1] ?? secret);
  }
  let out = text;
  // Longest first: a secret that holds another goes whole. Empty ones would match everywhere.
  for (const form of [...forms].filter((f) => f.length > 0).sort((a, b) => b.length - a.length))
    out = out.split(form).join('[credential]');
  return out;
}

/** The header a scheme puts the credential in, if any. */
function credentialHeader(scheme: SecuritySchemeObject | undefined): string | undefined {
  if (scheme === undefined) return undefined;
  if (scheme.type !== 'apiKey' || typeof scheme.name !== 'string') return 'authorization';
  return scheme.in === 'query' || scheme.in === 'cookie' ? undefined : scheme.name.toLowerCase();
}

/** Whether fetch accepts a header value: it trims HTTP whitespace at the ends, then refuses CR, LF, NUL and non-Latin-1. */
function sendableHeader(value: string): boolean {
  return !/[\r\n\0]|[^\0-\xff]/.test(value.replace(/^[\t\n\r ]+|[\t\n\r ]+$/g, ''));
}

/** `baseUrl` without its trailing slashes; throws `OpenApiError` naming the option for one paths cannot follow. */
function checkedBaseUrl(baseUrl: string): string {
  const url = URL.parse(baseUrl);
  const hint = `baseUrl must be an absolute http(s) URL that paths are appended to, such as https://api.example.com/v1, not "${baseUrl}"`;
  if (url === null || (url.protocol !== 'http:' && url.protocol !== 'https:'))
    throw new OpenApiError(`${hint}.`);
  if (url.search !== '' || url.hash !== '' || /[?#]/.test(baseUrl))
    throw new OpenApiError(`${hint}: a query or fragment would end up before the path.`);
  return baseUrl.replace(/\/+$/, '');
}

function checkedOrigin(entry: string): string {
  const url = URL.parse(entry);
  if (url === null || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new OpenApiError(
      `credentialOrigins must hold absolute http(s) URLs, such as https://uploads.example.com, not "${entry}".`,
    );
  }
  return url.origin;
}

function originOf(url: string): string | undefined {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

/** An operation's own server URL; a relative one (`/v2`, `files`) resolved against the base URL. */
function serverBase(server: string, base: string): string {
  return new URL(server, `${base}/`).href.replace(/\/+$/, '');
}
