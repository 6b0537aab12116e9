import { JwtRejection } from './jwt-rejection.ts';

export interface ClaimRules {
  issuers: readonly string[];
  clockToleranceSec: number;
  /** Epoch seconds. */
  nowSec: number;
}

/**
 * The time and issuer rules every access token must pass (RFC 9068, RFC 7519 section 4.1):
 * `exp` required and in the future, `nbf` and `iat` numbers when present, `nbf` reached,
 * `iss` one of the accepted issuers; the clock tolerance applies to both ends. The same
 * checks jose's `jwtVerify` makes with `requiredClaims: ['exp']`, in the same order (so
 * both paths give a token failing several the same reason): `iss` and `exp` present, `iss`
 * accepted, then `iat`, `nbf`, `exp` in turn.
 */
export function checkClaims(claims: Record<string, unknown>, rules: ClaimRules): void {
  const { nowSec, clockToleranceSec: tolerance } = rules;
  for (const name of ['iss', 'exp'] as const) {
    if (!Object.hasOwn(claims, name))
      throw new JwtRejection('ERR_JWT_CLAIM_VALIDATION_FAILED', `missing required "${name}" claim`, name);
  }
  if (typeof claims.iss !== 'string' || !rules.issuers.includes(claims.iss))
    throw new JwtRejection('ERR_JWT_CLAIM_VALIDATION_FAILED', 'unexpected "iss" claim value', 'iss');
  numericDate(claims, 'iat');
  const nbf = numericDate(claims, 'nbf');
  if (nbf !== undefined && nbf > nowSec + tolerance)
    throw new JwtRejection('ERR_JWT_CLAIM_VALIDATION_FAILED', '"nbf" claim timestamp check failed', 'nbf');
  const exp = numericDate(claims, 'exp') as number;
  if (exp <= nowSec - tolerance)
    throw new JwtRejection('ERR_JWT_EXPIRED', '"exp" claim timestamp check failed', 'exp');
}

/** A NumericDate claim when present: a finite number (jose lets 1e400, Infinity, through). */
function numericDate(claims: Record<string, unknown>, name: 'exp' | 'nbf' | 'iat'): number | undefined {
  const value = claims[name];
  if (value === undefined) return undefined;
  if (!isNumericDate(value))
    throw new JwtRejection('ERR_JWT_CLAIM_VALIDATION_FAILED', `"${name}" claim must be a number`, name);
  return value;
}

function isNumericDate(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}
