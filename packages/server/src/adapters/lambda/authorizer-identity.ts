import type { AuthInfo } from '../../server/auth-info.ts';

type Fields = Record<string, unknown>;

const TENANT_KEYS = ['tenant', 'tenantId', 'custom:tenant'] as const;

/**
 * The identity an API Gateway authorizer established, as AuthInfo.
 * - REST API Lambda authorizer: `{ principalId, ...context }`; Cognito: `{ claims }`.
 * - HTTP API: `{ lambda: context }`, `{ jwt: { claims, scopes } }` or `{ iam: {...} }`
 *   (Function URLs with AWS_IAM auth send `iam` too).
 */
export function authorizerIdentity(authorizer: unknown): AuthInfo | undefined {
  if (!isFields(authorizer)) return undefined;
  if (isFields(authorizer.jwt)) {
    const claims = isFields(authorizer.jwt.claims) ? authorizer.jwt.claims : {};
    const scopes = Array.isArray(authorizer.jwt.scopes) ? authorizer.jwt.scopes.map(String) : undefined;
    return identity(claims, text(claims.sub), scopes);
  }
  if (isFields(authorizer.lambda)) {
    const context = authorizer.lambda;
    return identity(context, text(context.principalId) ?? text(context.sub));
  }
  if (isFields(authorizer.iam)) {
    const iam = authorizer.iam;
    return identity(iam, text(iam.userArn) ?? text(iam.callerId) ?? text(iam.userId));
  }
  if (isFields(authorizer.claims)) {
    const claims = authorizer.claims;
    return identity(claims, text(claims.sub) ?? text(claims['cognito:username']));
  }
  // A REST API Lambda authorizer: its context keys sit next to principalId.
  const { principalId, integrationLatency: _latency, ...context } = authorizer;
  return identity(context, text(principalId));
}

function identity(claims: Fields, subject: string | undefined, scopes?: string[]): AuthInfo | undefined {
  if (subject === undefined) return undefined;
  const tenant = TENANT_KEYS.map((key) => text(claims[key])).find((value) => value !== undefined);
  const info: AuthInfo = { subject, scopes: scopes ?? scopesOf(claims), claims };
  if (tenant !== undefined) info.tenant = tenant;
  return info;
}

/** OAuth `scope` is space-separated; Entra/Okta `scp` is an array or a space-separated string. */
function scopesOf(claims: Fields): string[] {
  for (const key of ['scope', 'scp']) {
    const value = claims[key];
    if (Array.isArray(value)) return value.map(String);
    // REST API authorizers stringify arrays in their context as "[a b]".
    if (typeof value === 'string')
      return value
        .replace(/^\[|\]$/g, '')
        .split(/[\s,]+/)
        .filter(Boolean);
  }
  return [];
}

function text(value: unknown): string | undefined {
  if (typeof value === 'string' && value !== '') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

function isFields(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
