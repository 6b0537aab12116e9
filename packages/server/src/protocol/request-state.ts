import { base64UrlToBytes, bytesToBase64Url } from './base64.ts';
import { invalidParams } from './errors.ts';

/**
 * MRTR `requestState`: a signed, expiring token that carries what a handler gathered in
 * earlier rounds (input responses, its own state) through the client and back. It is
 * bound to the request it was minted for (method, name or uri, arguments, principal), so
 * a client can neither edit it nor replay it on another request or as another user.
 *
 * Format: base64url(JSON payload) "." base64url(HMAC-SHA-256(payload "." binding)).
 */
export interface RequestStatePayload {
  /** Input responses gathered in earlier rounds, keyed as the handler asked for them. */
  responses: Record<string, unknown>;
  /** Whatever the handler chose to carry to the next round. */
  state?: unknown;
  /** Expiry, epoch milliseconds. */
  exp: number;
}

export interface RequestBinding {
  method: string;
  target: string;
  args: unknown;
  principal: string;
}

export class RequestStateSigner {
  readonly #secret: string | Uint8Array | undefined;
  readonly #ttlMs: number;
  #key: Promise<CryptoKey> | undefined;

  /**
   * Without a secret, a random per-process one is made on first use: most requests never
   * sign anything, and loading WebCrypto costs a cold start several milliseconds.
   */
  constructor(secret: string | Uint8Array | undefined, ttlMs: number) {
    this.#secret = secret;
    this.#ttlMs = ttlMs;
  }

  async sign(
    payload: Omit<RequestStatePayload, 'exp'>,
    binding: RequestBinding,
    now = Date.now(),
  ): Promise<string> {
    const body = bytesToBase64Url(
      new TextEncoder().encode(JSON.stringify({ ...payload, exp: now + this.#ttlMs })),
    );
    return `${body}.${await this.#mac(body, binding)}`;
  }

  async verify(token: string, binding: RequestBinding, now = Date.now()): Promise<RequestStatePayload> {
    const dot = token.indexOf('.');
    const body = token.slice(0, dot);
    const mac = token.slice(dot + 1);
    if (dot <= 0 || mac !== (await this.#mac(body, binding))) {
      throw invalidParams(
        'Invalid requestState: it was modified, or it belongs to a different request or caller. Retry the original request without requestState.',
      );
    }
    const payload = JSON.parse(new TextDecoder().decode(base64UrlToBytes(body))) as RequestStatePayload;
    if (payload.exp < now) {
      throw invalidParams(
        'Expired requestState: the input round took too long. Retry the original request without requestState.',
      );
    }
    return payload;
  }

  async #mac(body: string, binding: RequestBinding): Promise<string> {
    this.#key ??= crypto.subtle.importKey(
      'raw',
      (typeof this.#secret === 'string'
        ? new TextEncoder().encode(this.#secret)
        : (this.#secret ?? crypto.getRandomValues(new Uint8Array(32)))) as BufferSource,
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['sign'],
    );
    const material = `${body}.${JSON.stringify([binding.method, binding.target, canonicalJson(binding.args), binding.principal])}`;
    const signature = await crypto.subtle.sign('HMAC', await this.#key, new TextEncoder().encode(material));
    return bytesToBase64Url(new Uint8Array(signature));
  }
}

/** Deeper arguments cannot be bound: no honest tool input nests this far. */
const MAX_DEPTH = 64;

/** JSON with object keys sorted, so equal arguments bind equally whatever their key order. */
function canonicalJson(value: unknown, depth = 0): string {
  if (depth > MAX_DEPTH) {
    throw invalidParams(`Invalid params: arguments nest deeper than ${MAX_DEPTH} levels`);
  }
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item, depth + 1)).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k], depth + 1)}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
