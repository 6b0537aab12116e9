/**
 * Why a JWT was refused, coded as jose codes its errors, so one mapping to a rejection
 * reason serves both verification paths (jose's and `node:crypto`'s).
 */
export class JwtRejection extends Error {
  readonly code: string;
  /** The claim that failed, for `ERR_JWT_CLAIM_VALIDATION_FAILED`. */
  readonly claim: string | undefined;

  constructor(code: string, message: string, claim?: string) {
    super(message);
    this.name = 'JwtRejection';
    this.code = code;
    this.claim = claim;
  }
}
