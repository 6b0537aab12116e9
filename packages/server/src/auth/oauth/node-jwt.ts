import type * as NodeCrypto from 'node:crypto';
import { JwtRejection } from './jwt-rejection.ts';
import type { PublicJwk, RemoteKeySet } from './remote-key-set.ts';

/** The part of `node:crypto` a signature check needs. */
export type SignatureCrypto = Pick<typeof NodeCrypto, 'createPublicKey' | 'verify' | 'constants'>;

interface AlgorithmSpec {
  kty: 'RSA' | 'EC' | 'OKP';
  /** Digest for `crypto.verify` (null: the algorithm hashes itself, as Ed25519 does). */
  hash: string | null;
  /** Curves a key may have (EC, OKP). */
  curves?: readonly string[];
  pss?: boolean;
  /** JWS ECDSA signatures are r || s, each the curve's size (RFC 7518 section 3.4). */
  signatureBytes?: number;
}

/** The asymmetric JWS algorithms (RFC 7518, RFC 8037); HMAC and `none` are never accepted. */
const ALGORITHMS: Readonly<Record<string, AlgorithmSpec>> = {
  RS256: { kty: 'RSA', hash: 'sha256' },
  RS384: { kty: 'RSA', hash: 'sha384' },
  RS512: { kty: 'RSA', hash: 'sha512' },
  PS256: { kty: 'RSA', hash: 'sha256', pss: true },
  PS384: { kty: 'RSA', hash: 'sha384', pss: true },
  PS512: { kty: 'RSA', hash: 'sha512', pss: true },
  ES256: { kty: 'EC', hash: 'sha256', curves: ['P-256'], signatureBytes: 64 },
  ES384: { kty: 'EC', hash: 'sha384', curves: ['P-384'], signatureBytes: 96 },
  ES512: { kty: 'EC', hash: 'sha512', curves: ['P-521'], signatureBytes: 132 },
  // jose (and WebCrypto) read EdDSA as Ed25519 only; an Ed448 key verifies nothing.
  EdDSA: { kty: 'OKP', hash: null, curves: ['Ed25519'] },
  Ed25519: { kty: 'OKP', hash: null, curves: ['Ed25519'] },
};

/** jose refuses RSA keys below 2048 bits (RFC 7518 section 3.3); so do we. */
const MIN_RSA_BITS = 2048;

/**
 * Verifies a compact JWS with `node:crypto` against an issuer's key set and returns its
 * claims, unchecked (see `checkClaims`). Where `node:crypto` exists this replaces jose's
 * WebCrypto path, measured 4-5x slower per signature (the work crosses to libuv's thread
 * pool and back) and ~12 ms to import cold. The rules are jose's: the algorithm must be
 * allowed and match the key's type and curve, a key's `alg`, `use`, `key_ops` and `ext`
 * must be well-formed and permit it, a `kid` that is not a string matches no key, a set
 * member holding a private key (`d`) is refused, no `crit` extension is understood, an
 * unknown `kid` refetches the set (within its cooldown). One difference: where several keys
 * fit (a `kid`-less token, or a `kid` the set repeats), each is tried, where jose refuses
 * with ERR_JWKS_MULTIPLE_MATCHING_KEYS; every one is the issuer's, so this accepts no
 * token that one of them did not sign.
 */
export function createNodeJwtVerifier(
  crypto: SignatureCrypto,
  keySet: RemoteKeySet,
  algorithms: readonly string[],
): (token: string) => Promise<Record<string, unknown>> {
  const allowed = new Set(algorithms);
  // Imported keys, per key object of the set: a refetched set brings new objects.
  const imported = new WeakMap<PublicJwk, NodeCrypto.KeyObject | null>();

  const keyObject = (jwk: PublicJwk, spec: AlgorithmSpec) => {
    let key = imported.get(jwk);
    if (key === undefined) {
      try {
        key = crypto.createPublicKey({ key: jwk as NodeCrypto.JsonWebKey, format: 'jwk' });
        if (spec.kty === 'RSA' && (key.asymmetricKeyDetails?.modulusLength ?? 0) < MIN_RSA_BITS) key = null;
      } catch {
        key = null; // A key the platform cannot read verifies nothing.
      }
      imported.set(jwk, key);
    }
    return key;
  };

  const verifies = (jwk: PublicJwk, spec: AlgorithmSpec, data: Buffer, signature: Buffer) => {
    // A published private key lets anyone sign: the set is unusable, as jose says.
    if (jwk.d !== undefined)
      throw new JwtRejection('ERR_JWKS_INVALID', 'JSON Web Key Set members must be public keys');
    const key = keyObject(jwk, spec);
    if (!key) return false;
    if (spec.signatureBytes !== undefined && signature.length !== spec.signatureBytes) return false;
    // The KeyObject alone where no option is needed (RS256, EdDSA): an options object makes
    // Node copy the key's slots on every call, +12-20 µs per RSA verify (measured).
    const options: NodeCrypto.KeyObject | NodeCrypto.VerifyKeyObjectInput = spec.pss
      ? {
          key,
          padding: crypto.constants.RSA_PKCS1_PSS_PADDING,
          saltLength: crypto.constants.RSA_PSS_SALTLEN_DIGEST,
        }
      : spec.kty === 'EC'
        ? { key, dsaEncoding: 'ieee-p1363' }
        : key;
    try {
      return crypto.verify(spec.hash, data, options, signature);
    } catch {
      return false;
    }
  };

  return async (token) => {
    const [headerPart = '', payloadPart = '', signaturePart = ''] = token.split('.');
    const header = decodeJson(headerPart);
    if (header === undefined || typeof header.alg !== 'string')
      throw new JwtRejection('ERR_JWS_INVALID', 'JWS Protected Header is invalid');
    const { alg } = header;
    const spec = Object.hasOwn(ALGORITHMS, alg) ? ALGORITHMS[alg] : undefined;
    if (!spec || !allowed.has(alg))
      throw new JwtRejection(
        'ERR_JOSE_ALG_NOT_ALLOWED',
        `"alg" (Algorithm) Header Parameter value not allowed`,
      );
    if (header.crit !== undefined)
      throw new JwtRejection(
        'ERR_JOSE_NOT_SUPPORTED',
        'Extension Header Parameters ("crit") are not supported',
      );
    const { kid } = header;
    let candidates = applicableKeys(await keySet.keys(), alg, spec, kid);
    if (candidates.length === 0 && (await keySet.refreshForUnknownKey()))
      candidates = applicableKeys(await keySet.keys(), alg, spec, kid);
    if (candidates.length === 0)
      throw new JwtRejection('ERR_JWKS_NO_MATCHING_KEY', 'no applicable key found in the JSON Web Key Set');
    // Node's decoder drops a dangling last character that jose's refuses: without this
    // check, any character appended to a 128-character signature (ES384) verified too.
    if (!isBase64urlLength(signaturePart))
      throw new JwtRejection('ERR_JWS_INVALID', 'Failed to base64url decode the signature');
    const data = Buffer.from(`${headerPart}.${payloadPart}`, 'latin1');
    const signature = Buffer.from(signaturePart, 'base64url');
    if (!candidates.some((jwk) => verifies(jwk, spec, data, signature)))
      throw new JwtRejection('ERR_JWS_SIGNATURE_VERIFICATION_FAILED', 'signature verification failed');
    // Read only once the signature holds: nothing unsigned is parsed beyond the header.
    if (!isBase64urlLength(payloadPart))
      throw new JwtRejection('ERR_JWS_INVALID', 'Failed to base64url decode the payload');
    const claims = decodeJson(payloadPart);
    if (claims === undefined)
      throw new JwtRejection('ERR_JWT_INVALID', 'JWT Claims Set must be a top-level JSON object');
    return claims;
  };
}

function applicableKeys(
  keys: readonly PublicJwk[],
  alg: string,
  spec: AlgorithmSpec,
  kid: unknown,
): PublicJwk[] {
  return keys.filter(
    (jwk) =>
      jwk.kty === spec.kty &&
      (kid === undefined || (typeof kid === 'string' && jwk.kid === kid)) &&
      (jwk.alg === undefined || jwk.alg === alg) &&
      (jwk.use === undefined || jwk.use === 'sig') &&
      (jwk.key_ops === undefined || permitsVerify(jwk.key_ops)) &&
      (jwk.ext === undefined || typeof jwk.ext === 'boolean') &&
      (spec.curves === undefined || (typeof jwk.crv === 'string' && spec.curves.includes(jwk.crv))),
  );
}

/** `key_ops` as jose reads it: distinct strings, `verify` among them; anything else permits nothing. */
function permitsVerify(ops: unknown): boolean {
  return (
    Array.isArray(ops) &&
    ops.every((op, index) => typeof op === 'string' && ops.indexOf(op) === index) &&
    ops.includes('verify')
  );
}

/** Whether base64url of this length can be decoded (a lone last character cannot be). */
function isBase64urlLength(part: string): boolean {
  return part.length % 4 !== 1;
}

/** UTF-8 as jose reads it: malformed bytes are an error, not U+FFFD; a leading BOM is dropped. */
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** A base64url JSON object, or undefined when the part is not one. */
function decodeJson(part: string): Record<string, unknown> | undefined {
  if (!isBase64urlLength(part)) return undefined;
  try {
    const value: unknown = JSON.parse(utf8.decode(Buffer.from(part, 'base64url')));
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
