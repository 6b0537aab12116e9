import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as it arrived at the upstream API. */
export interface RecordedRequest {
  method: string;
  /** Path and query exactly as sent (not normalised). */
  url: string;
  headers: IncomingMessage['headers'];
  body: Buffer;
}

/** What the upstream answers to one request. */
export interface CannedAnswer {
  status: number;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

export interface RecordingUpstream {
  url: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

/**
 * A real HTTP server on loopback that records every request and answers with
 * `answer(request)`: the API the façade calls, so tests assert the exact wire.
 */
export async function startRecordingUpstream(
  answer: (request: RecordedRequest) => CannedAnswer,
): Promise<RecordingUpstream> {
  const requests: RecordedRequest[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const recorded = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks),
      };
      requests.push(recorded);
      const canned = answer(recorded);
      res.writeHead(canned.status, canned.headers ?? {});
      res.end(canned.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
