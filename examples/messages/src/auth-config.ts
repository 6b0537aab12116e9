import { googleIdToken, type OAuthResourceServer, oauthResourceServer } from 'lambda-mcp/auth';

/** The environment variables this reads (see the README's "Sign-in" section). */
export type MessagesEnvironment = Readonly<Record<string, string | undefined>>;

/** Who may use the board: the OAuth resource server to put in front, and the scopes tools need. */
export interface MessagesAccess {
  /** Absent: the board is open (fine on loopback, where `serve` binds by default). */
  auth?: OAuthResourceServer;
  /** Scopes `get_messages` and `post_message` require, when configured. */
  scopes: { read?: string; write?: string };
  /** One line for the startup log: what a caller must present. */
  summary: string;
}

/**
 * Access from configuration: `OIDC_ISSUER` (any OIDC issuer: JWT access tokens whose `aud` is
 * this server's MCP URL) or `OIDC_PRESET=google` (Google ID tokens for `GOOGLE_CLIENT_ID`,
 * restricted to `GOOGLE_HOSTED_DOMAIN`); neither: open. `localUrl` is the MCP URL when the
 * server knows it (node: `http://127.0.0.1:<port>/mcp`); on Lambda it comes from `MCP_RESOURCE_URL`.
 */
export function messagesAccess(env: MessagesEnvironment, localUrl?: string): MessagesAccess {
  const scopes = {
    ...(env.MESSAGES_READ_SCOPE ? { read: env.MESSAGES_READ_SCOPE } : {}),
    ...(env.MESSAGES_WRITE_SCOPE ? { write: env.MESSAGES_WRITE_SCOPE } : {}),
  };
  const scopesSupported = [scopes.read, scopes.write].filter((scope) => scope !== undefined);
  const preset = env.OIDC_PRESET || undefined;
  if (preset === undefined && !env.OIDC_ISSUER) return { scopes, summary: 'open: no sign-in configured' };
  if (preset !== undefined && preset !== 'google') {
    throw new Error(`OIDC_PRESET=${preset} is not supported: use OIDC_PRESET=google, or OIDC_ISSUER alone`);
  }
  // The URL clients connect to: advertised in Protected Resource Metadata, and the audience by default.
  const resource =
    env.MCP_RESOURCE_URL || (isUrl(env.OIDC_AUDIENCE) ? env.OIDC_AUDIENCE : undefined) || localUrl;
  if (resource === undefined) {
    throw new Error(
      'Sign-in is configured but the server does not know its own URL: set MCP_RESOURCE_URL to the URL clients use, e.g. https://abc123.execute-api.eu-west-1.amazonaws.com/mcp',
    );
  }
  if (!isUrl(resource) || !URL.canParse(resource)) {
    throw new Error(
      `MCP_RESOURCE_URL=${resource} is not an http(s) URL: set it to the URL clients use, e.g. https://abc123.execute-api.eu-west-1.amazonaws.com/mcp`,
    );
  }
  const common = { resource, resourceName: 'Messages' } as const;
  if (preset === 'google') {
    const scoped = ['MESSAGES_READ_SCOPE', 'MESSAGES_WRITE_SCOPE'].filter((name) => env[name]);
    if (scoped.length > 0) {
      throw new Error(
        `${scoped.join(' and ')} cannot be used with OIDC_PRESET=google: Google ID tokens carry no scopes, so every call needing ${scoped.length > 1 ? 'them' : 'it'} would be refused`,
      );
    }
    const clientId = list(env.GOOGLE_CLIENT_ID);
    if (clientId.length === 0)
      throw new Error('OIDC_PRESET=google needs GOOGLE_CLIENT_ID, your OAuth client id');
    const hostedDomain = env.GOOGLE_HOSTED_DOMAIN || undefined;
    const auth = oauthResourceServer({
      ...googleIdToken({ clientId, ...(hostedDomain ? { hostedDomain } : {}) }),
      ...common,
    });
    const domain = hostedDomain ? ` from ${hostedDomain}` : '';
    return { auth, scopes, summary: `Google ID tokens for ${clientId.join(', ')}${domain}` };
  }
  const issuer = env.OIDC_ISSUER as string;
  if (!isUrl(issuer) || !URL.canParse(issuer)) {
    throw new Error(
      `OIDC_ISSUER=${issuer} is not an http(s) URL: set it to the issuer URL its tokens carry in iss, e.g. https://id.example.com`,
    );
  }
  const audience = env.OIDC_AUDIENCE || resource;
  const auth = oauthResourceServer({
    issuer,
    audience,
    ...common,
    ...(scopesSupported.length > 0 ? { scopesSupported } : {}),
  });
  return { auth, scopes, summary: `bearer tokens from ${issuer} for audience ${audience}` };
}

function list(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

function isUrl(value: string | undefined): value is string {
  return value !== undefined && /^https?:\/\//i.test(value);
}
