import { credentialOf, type RequestContext } from 'lambda-mcp';

/**
 * Where the credential for the upstream API comes from, per call:
 * - `caller`: the key or token the caller presented, as kept by the auth layer or an API
 *   Gateway authorizer with `credentialHeader` (`credentialOf(ctx.auth)`);
 * - `authorizer`: a value of the authorizer context (`ctx.auth.claims[key]`);
 * - `header`: a header of the incoming MCP request (e.g. `x-api-key`);
 * - `env`: a server credential in an environment variable;
 * - `secret`: a server credential loaded once (Secrets Manager, Parameter Store...) and
 *   kept for the execution environment; a failed load is retried on the next call.
 */
export type CredentialSource =
  | { from: 'caller' }
  | { from: 'authorizer'; key: string }
  | { from: 'header'; name: string }
  | { from: 'env'; name: string }
  | { from: 'secret'; load: () => Promise<string> };

/** Resolves the first source that yields a credential. Never logs it. */
export function credentialResolver(
  sources: readonly CredentialSource[],
): (ctx: RequestContext) => Promise<string | undefined> {
  const secrets = new Map<CredentialSource, Promise<string>>();
  const loadSecret = (source: Extract<CredentialSource, { from: 'secret' }>) => {
    let pending = secrets.get(source);
    if (pending === undefined) {
      pending = source.load();
      secrets.set(source, pending);
      pending.catch(() => secrets.delete(source));
    }
    return pending;
  };
  return async (ctx) => {
    for (const source of sources) {
      const value = await resolveOne(source, ctx, loadSecret);
      if (value !== undefined && value !== '') return value;
    }
    return undefined;
  };
}

async function resolveOne(
  source: CredentialSource,
  ctx: RequestContext,
  loadSecret: (source: Extract<CredentialSource, { from: 'secret' }>) => Promise<string>,
): Promise<string | undefined> {
  switch (source.from) {
    case 'caller':
      return credentialOf(ctx.auth);
    case 'authorizer': {
      const value = ctx.auth?.claims[source.key];
      return typeof value === 'string' ? value : undefined;
    }
    case 'header':
      return ctx.headers[source.name.toLowerCase()];
    case 'env':
      return process.env[source.name];
    case 'secret':
      return loadSecret(source);
  }
}
