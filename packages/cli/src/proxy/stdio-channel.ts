import { createInterface } from 'node:readline';
import { errorResponse, isJsonRpcMessage, type JsonRpcMessage } from '../remote/json-rpc.ts';

/** The stdio side of the proxy: one JSON-RPC message per line in, one per line out. */
export interface StdioChannel {
  send(message: JsonRpcMessage): void;
  /** Resolves when stdin ends (the client went away). */
  readonly closed: Promise<void>;
}

/**
 * Reads newline-delimited JSON-RPC from `input` and hands each message to `onMessage`. A line
 * that is not JSON-RPC is answered with -32700 / -32600 (as any stdio server must) instead of
 * ending the process: one bad line from a client should not cost it the connection.
 */
export function openStdioChannel(
  input: NodeJS.ReadableStream,
  output: NodeJS.WritableStream,
  onMessage: (message: JsonRpcMessage) => void,
): StdioChannel {
  const send = (message: JsonRpcMessage) => {
    output.write(`${JSON.stringify(message)}\n`);
  };
  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  lines.on('line', (line) => {
    if (line.trim() === '') return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      send(errorResponse(null, -32700, 'Parse error: a line on stdin is not JSON'));
      return;
    }
    if (!isJsonRpcMessage(parsed)) {
      send(errorResponse(null, -32600, 'Invalid Request: each line must be one JSON-RPC 2.0 message'));
      return;
    }
    onMessage(parsed);
  });
  const closed = new Promise<void>((resolve) => lines.once('close', resolve));
  return { send, closed };
}
