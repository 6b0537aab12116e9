import { chmodSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { StoredOAuthClientInformation, StoredOAuthTokens } from '@modelcontextprotocol/client';

/** What the proxy keeps per authorization server: its client registration. */
export interface IssuerCredentials {
  client?: StoredOAuthClientInformation;
}

/**
 * Which issuer signs a server's tokens, the loopback redirect its client was registered with,
 * and the server's own tokens: one issuer's token for one server is never sent to another.
 */
export interface ServerBinding {
  issuer: string;
  redirectUri?: string;
  tokens?: StoredOAuthTokens;
}

export interface CredentialFile {
  issuers: Record<string, IssuerCredentials>;
  servers: Record<string, ServerBinding>;
}

/**
 * OAuth credentials on disk: client registrations keyed by issuer (RFC 6749: a client id
 * belongs to the server that issued it), tokens by issuer and MCP server (RFC 8707: a token is
 * for the resource it was issued for), readable by the user only (mode 0600, in a 0700 folder). Read on every use and
 * written whole through a rename, so two proxies sharing the file never leave it half-written.
 */
export class CredentialStore {
  readonly path: string;

  constructor(path: string) {
    this.path = path;
  }

  read(): CredentialFile {
    try {
      const parsed = JSON.parse(readFileSync(this.path, 'utf8')) as Partial<CredentialFile>;
      return { issuers: parsed.issuers ?? {}, servers: parsed.servers ?? {} };
    } catch {
      // Missing or unreadable: signing in again writes a good one.
      return { issuers: {}, servers: {} };
    }
  }

  update(change: (file: CredentialFile) => void): void {
    const file = this.read();
    change(file);
    mkdirSync(dirname(this.path), { recursive: true, mode: 0o700 });
    const temporary = `${this.path}.${process.pid}.tmp`;
    writeFileSync(temporary, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600 });
    // The mode given to writeFileSync is masked by umask; the tokens must stay private anyway.
    chmodSync(temporary, 0o600);
    renameSync(temporary, this.path);
  }
}
