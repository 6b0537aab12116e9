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
  /** The ids of the input requests of the round that minted it: the only answers the retry may add. */
  asked?: string[];
  /** Expiry, epoch milliseconds. */
  exp: number;
}

export interface RequestBinding {
  /** The server that minted it (its name): two servers sharing a secret do not take each other's states. */
  server: string;
  method: string;
  target: string;
  args: unknown;
  principal: string;
}

/** Signing key material: a string (its UTF-8 bytes) or raw bytes. */
export type SigningKey = string | Uint8Array;

/**
 * The keys of a rotation: tokens are signed with `current` and verified with `current` or
 * `previous`, so a token minted just before a rotation still verifies after it.
 */
export interface SigningKeys {
  current: SigningKey;
  previous?: SigningKey;
}

/** Keys held elsewhere (a secrets store), read when first needed. */
export interface SigningKeySource {
  /** The keys now; the source caches them and decides when to read them again. */
  keys(): Promise<SigningKeys>;
  /**
   * Called when a token verifies with neither key: another instance may already sign with
   * a key this one has not read yet. Resolves to fresh keys, or undefined when the source
   * read them too recently to read again (a flood of bad tokens must not become a flood of
   * reads).
   */
  refresh?(): Promise<SigningKeys | undefined>;
}

export class RequestStateSigner {
  readonly #source: SigningKeySource;
  readonly #ttlMs: number;
  // Imported HMAC keys per key set: a rotation brings a new set, the old one is collected.
  readonly #imported = new WeakMap<
    SigningKeys,
    { current: Promise<CryptoKey>; previous?: Promise<CryptoKey> }
  >();

  /**
   * Without a secret, a random per-process one is made on first use: most requests never
   * sign anything, and loading WebCrypto costs a cold start several milliseconds.
   */
  constructor(secret: SigningKey | SigningKeySource | undefined, ttlMs: number) {
    this.#source = isSource(secret) ? secret : fixedKeys(secret);
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
    const { current } = this.#importedKeys(await this.#source.keys());
    return `${body}.${await mac(await current, body, binding)}`;
  }

  async verify(token: string, binding: RequestBinding, now = Date.now()): Promise<RequestStatePayload> {
    const dot = token.indexOf('.');
    const body = token.slice(0, dot);
    const signature = token.slice(dot + 1);
    const valid =
      dot > 0 &&
      ((await this.#signedBy(await this.#source.keys(), body, signature, binding)) ||
        (await this.#signedByRefreshed(body, signature, binding)));
    if (!valid) {
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

  async #signedBy(
    keys: SigningKeys,
    body: string,
    signature: string,
    binding: RequestBinding,
  ): Promise<boolean> {
    const imported = this.#importedKeys(keys);
    if (sameText(signature, await mac(await imported.current, body, binding))) return true;
    return (
      imported.previous !== undefined &&
      sameText(signature, await mac(await imported.previous, body, binding))
    );
  }

  async #signedByRefreshed(body: string, signature: string, binding: RequestBinding): Promise<boolean> {
    const fresh = await this.#source.refresh?.();
    return fresh !== undefined && this.#signedBy(fresh, body, signature, binding);
  }

  #importedKeys(keys: SigningKeys): { current: Promise<CryptoKey>; previous?: Promise<CryptoKey> } {
    let imported = this.#imported.get(keys);
    if (!imported) {
      imported = {
        current: importHmacKey(keys.current),
        ...(keys.previous === undefined ? {} : { previous: importHmacKey(keys.previous) }),
      };
      this.#imported.set(keys, imported);
    }
    return imported;
  }
}

function isSource(secret: SigningKey | SigningKeySource | undefined): secret is SigningKeySource {
  // A Uint8Array has a `keys` method too.
  return typeof secret === 'object' && !ArrayBuffer.isView(secret);
}

/** One key for the life of the process; a random one (made on first use) when none is given. */
function fixedKeys(secret: SigningKey | undefined): SigningKeySource {
  let keys: Promise<SigningKeys> | undefined;
  return {
    keys: () => {
      keys ??= Promise.resolve({ current: secret ?? crypto.getRandomValues(new Uint8Array(32)) });
      return keys;
    },
  };
}

function importHmacKey(key: SigningKey): Promise<CryptoKey> {
  return crypto.subtle.importKey(
    'raw',
    (typeof key === 'string' ? new TextEncoder().encode(key) : key) as BufferSource,
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
}

async function mac(key: CryptoKey, body: string, binding: RequestBinding): Promise<string> {
  const material = `${body}.${JSON.stringify([binding.server, binding.method, binding.target, canonicalJson(binding.args), binding.principal])}`;
  const signature = await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(material));
  return bytesToBase64Url(new Uint8Array(signature));
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

/**
 * Whether two signatures are equal, in time that does not depend on where they first
 * differ (`===` stops at the first difference, which a patient client could time).
 */
function sameText(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return difference === 0;
}
