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
 * checks jose's `jwtVerify` makes with `requiredClaims: ['exp']`, in the same order.
 */
export function checkClaims(claims: Record<string, unknown>, rules: ClaimRules): void {
  const { nowSec, clockToleranceSec: tolerance } = rules;
  for (const name of ['exp', 'nbf', 'iat'] as const) {
    if (claims[name] !== undefined && !isNumericDate(claims[name]))
      throw new JwtRejection('ERR_JWT_CLAIM_VALIDATION_FAILED', `"${name}" claim must be a number`, name);
  }
  if (typeof claims.iss !== 'string' || !rules.issuers.includes(claims.iss))
    throw new JwtRejection('ERR_JWT_CLAIM_VALIDATION_FAILED', 'unexpected "iss" claim value', 'iss');
  if (claims.exp === undefined)
    throw new JwtRejection('ERR_JWT_CLAIM_VALIDATION_FAILED', 'missing required "exp" claim', 'exp');
  if (typeof claims.nbf === 'number' && claims.nbf > nowSec + tolerance)
    throw new JwtRejection('ERR_JWT_CLAIM_VALIDATION_FAILED', '"nbf" claim timestamp check failed', 'nbf');
  if ((claims.exp as number) <= nowSec - tolerance)
    throw new JwtRejection('ERR_JWT_EXPIRED', '"exp" claim timestamp check failed', 'exp');
}

function isNumericDate(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}
