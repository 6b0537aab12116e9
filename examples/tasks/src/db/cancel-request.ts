import { connect } from 'node:net';

/** Where a backend's postmaster listens: a host and port, or a Unix socket directory and port. */
export interface CancelTarget {
  host: string;
  port: number;
}

/** The backend a connection talks to, from its BackendKeyData message. */
export interface BackendKey {
  processId: number;
  secretKey: number;
}

// The protocol's CancelRequest code (1234 << 16 | 5678).
const CANCEL_REQUEST_CODE = 80_877_102;

/**
 * Asks the server to cancel the statement a backend is running: a 16-byte CancelRequest
 * with the backend's process id and secret key, on a new socket (no login, no connection
 * slot) the server closes. Best effort: statement_timeout is the backstop if it is lost.
 */
export function sendCancelRequest(target: CancelTarget, backend: BackendKey): void {
  const packet = Buffer.alloc(16);
  packet.writeInt32BE(16, 0);
  packet.writeInt32BE(CANCEL_REQUEST_CODE, 4);
  // `| 0`: one client reads the key as signed, the other as unsigned; the 32 bits are the same.
  packet.writeInt32BE(backend.processId | 0, 8);
  packet.writeInt32BE(backend.secretKey | 0, 12);
  const socket = target.host.startsWith('/')
    ? connect(`${target.host}/.s.PGSQL.${target.port}`)
    : connect(target.port, target.host);
  socket.on('error', () => {});
  socket.end(packet);
}
