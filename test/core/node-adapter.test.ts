import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { describe, test } from 'node:test';
import { createServer, type Logger, redact } from 'lambda-mcp';
import { serve } from 'lambda-mcp/node';
import { mcpRequest } from 'lambda-mcp/testing';

function recordingLogger() {
  const lines: { level: string; message: string }[] = [];
  const at = (level: string) => (message: string) => lines.push({ level, message });
  const logger: Logger = { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
  return { lines, logger };
}

async function start(options: Parameters<typeof serve>[1] = {}) {
  const { lines, logger } = recordingLogger();
  const server = createServer({ name: 'node-rules', version: '1.0.0', logger });
  server.tool('ping', { description: 'ping' }, () => 'pong');
  const running = await serve(server, { port: 0, host: '127.0.0.1', handleSignals: false, ...options });
  return { running, lines };
}

/** Sends raw bytes on one socket and collects what comes back until the server closes it. */
function rawExchange(port: number, write: (socket: ReturnType<typeof connect>) => void): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => write(socket));
    let text = '';
    socket.on('data', (chunk) => {
      text += chunk.toString();
    });
    socket.on('close', () => resolve(text));
    socket.on('error', reject);
  });
}

describe('node adapter transport', () => {
  test('refuses a declared Content-Length over the limit with 413 and Connection: close, before any body', async () => {
    const { running } = await start({ maxBodyBytes: 1000 });
    try {
      const { headers } = mcpRequest('tools/list');
      const head = Object.entries({ ...headers, 'content-length': '5000', host: 'localhost' })
        .map(([k, v]) => `${k}: ${v}`)
        .join('\r\n');
      // No body byte is ever sent: the answer must come from the headers alone.
      const answer = await rawExchange(running.port, (socket) =>
        socket.write(`POST /mcp HTTP/1.1\r\n${head}\r\n\r\n`),
      );
      assert.match(answer, /^HTTP\/1\.1 413 /);
      assert.match(answer, /\r\nconnection: close\r\n/i);
      assert.match(answer, /"message":"Payload Too Large: the body exceeds 1000 bytes"/);
    } finally {
      await running.close();
    }
  });

  test('refuses a bad Origin, Content-Type or Accept from the headers alone, before any body byte', async () => {
    const { running } = await start();
    try {
      const { headers } = mcpRequest('tools/list');
      const cases: [Record<string, string>, RegExp][] = [
        [{ origin: 'https://evil.example' }, /^HTTP\/1\.1 403 /],
        [{ 'content-type': 'text/plain' }, /^HTTP\/1\.1 415 /],
        [{ accept: 'image/png' }, /^HTTP\/1\.1 406 /],
      ];
      for (const [override, status] of cases) {
        const head = Object.entries({ ...headers, ...override, 'content-length': '100', host: 'localhost' })
          .map(([k, v]) => `${k}: ${v}`)
          .join('\r\n');
        // The 100 declared bytes never come: only a check made before reading can answer.
        const answer = await rawExchange(running.port, (socket) => {
          socket.write(`POST /mcp HTTP/1.1\r\n${head}\r\n\r\n`);
          setTimeout(() => socket.end(), 1000);
        });
        assert.match(answer, status);
      }
    } finally {
      await running.close();
    }
  });

  test('Expect: 100-continue gets no go-ahead for a body refused on its headers, and one when the body is wanted', async () => {
    const { running } = await start({ maxBodyBytes: 1000 });
    try {
      const { headers, body } = mcpRequest('tools/call', { name: 'ping' });
      const headOf = (length: number) =>
        Object.entries({
          ...headers,
          expect: '100-continue',
          'content-length': String(length),
          host: 'localhost',
        })
          .map(([k, v]) => `${k}: ${v}`)
          .join('\r\n');
      // Declared over the limit: the 413 comes first, so the client never sends the body.
      const refused = await rawExchange(running.port, (socket) =>
        socket.write(`POST /mcp HTTP/1.1\r\n${headOf(5000)}\r\n\r\n`),
      );
      assert.match(refused, /^HTTP\/1\.1 413 /);
      // Within the limit: `100 Continue`, then the body, then the answer.
      const length = Buffer.byteLength(body);
      const answered = await rawExchange(running.port, (socket) => {
        socket.write(`POST /mcp HTTP/1.1\r\n${headOf(length)}\r\nconnection: close\r\n\r\n`);
        socket.once('data', (first) => {
          assert.equal(first.toString(), 'HTTP/1.1 100 Continue\r\n\r\n');
          socket.write(body);
        });
      });
      assert.match(answered, /^HTTP\/1\.1 100 Continue\r\n\r\nHTTP\/1\.1 200 OK\r\n/);
      assert.match(answered, /"text":"pong"/);
    } finally {
      await running.close();
    }
  });

  test('every oversized call over fetch gets its 413, none a connection reset', async () => {
    const { running } = await start({ maxBodyBytes: 1000 });
    try {
      const { headers } = mcpRequest('tools/list');
      const statuses = [];
      for (let i = 0; i < 10; i++) {
        const response = await fetch(running.url, { method: 'POST', headers, body: 'x'.repeat(200_000) });
        statuses.push(response.status);
        await response.text();
      }
      assert.deepEqual(statuses, Array(10).fill(413));
    } finally {
      await running.close();
    }
  });

  test('a body trickled past the body timeout is answered 408 and the socket closed', async () => {
    const { running } = await start({ bodyTimeoutMs: 200 });
    try {
      const { headers } = mcpRequest('tools/list');
      const head = Object.entries({ ...headers, 'content-length': '100', host: 'localhost' })
        .map(([k, v]) => `${k}: ${v}`)
        .join('\r\n');
      const answer = await rawExchange(running.port, (socket) =>
        socket.write(`POST /mcp HTTP/1.1\r\n${head}\r\n\r\n{"js`),
      );
      assert.match(answer, /^HTTP\/1\.1 408 /);
      assert.match(answer, /Request Timeout: the body did not arrive within 200 ms/);
    } finally {
      await running.close();
    }
  });

  test('a bodyTimeoutMs past what a timer holds (Infinity) waits for a body that comes later, not a 408 at once', async () => {
    const { running } = await start({ bodyTimeoutMs: Infinity });
    try {
      const { headers, body } = mcpRequest('tools/call', { name: 'ping' });
      const head = Object.entries({
        ...headers,
        'content-length': String(Buffer.byteLength(body)),
        host: 'localhost',
        connection: 'close',
        expect: '100-continue',
      })
        .map(([k, v]) => `${k}: ${v}`)
        .join('\r\n');
      // The go-ahead comes as the server starts reading: the body follows 50 ms later.
      const answer = await rawExchange(running.port, (socket) => {
        socket.write(`POST /mcp HTTP/1.1\r\n${head}\r\n\r\n`);
        socket.once('data', () => setTimeout(() => socket.write(body), 50));
      });
      assert.match(answer, /^HTTP\/1\.1 100 Continue\r\n\r\nHTTP\/1\.1 200 /);
      assert.match(answer, /"text":"pong"/);
    } finally {
      await running.close();
    }
  });

  test('a client that disconnects mid-body is a debug line, never an error line', async () => {
    const { running, lines } = await start();
    try {
      const { headers } = mcpRequest('tools/list');
      const head = Object.entries({ ...headers, 'content-length': '100', host: 'localhost' })
        .map(([k, v]) => `${k}: ${v}`)
        .join('\r\n');
      await rawExchange(running.port, (socket) => {
        socket.write(`POST /mcp HTTP/1.1\r\n${head}\r\n\r\n{"js`);
        setTimeout(() => socket.destroy(), 50);
      });
      await new Promise((resolve) => setTimeout(resolve, 100));
      assert.deepEqual(
        lines.map((l) => [l.level, l.message]),
        [['debug', 'client closed the connection while sending the body']],
      );
    } finally {
      await running.close();
    }
  });

  test('warns loudly when serving a non-loopback address without authentication', async () => {
    const { running, lines } = await start({ host: '0.0.0.0' });
    await running.close();
    const warning = lines.find((l) => l.level === 'warn');
    assert.match(
      warning?.message ?? '',
      /^Serving every tool to the network without authentication on 0\.0\.0\.0:\d+\./,
    );
    const quiet = await start({ host: '127.0.0.1' });
    await quiet.running.close();
    assert.equal(quiet.lines.filter((l) => l.level === 'warn').length, 0);
    const guarded = await start({ host: '0.0.0.0', auth: { authenticate: () => undefined } });
    await guarded.running.close();
    assert.equal(guarded.lines.filter((l) => l.level === 'warn').length, 0);
  });
});

describe('redaction', () => {
  test('redacts credential-named fields by pattern and credential-shaped values anywhere', () => {
    const headers = {
      'x-auth-token': 'a',
      'x-access-token': 'b',
      'x-goog-api-key': 'c',
      authentication: 'd',
      'x-api-token': 'e',
      'x-forwarded-authorization': 'Token abc123',
      'x-session-id': 'f',
      'content-type': 'application/json',
      note: 'sent Bearer abc.def and eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig plus lmcp_abcdefgh_secret',
    };
    assert.deepEqual(redact(headers), {
      'x-auth-token': '[REDACTED]',
      'x-access-token': '[REDACTED]',
      'x-goog-api-key': '[REDACTED]',
      authentication: '[REDACTED]',
      'x-api-token': '[REDACTED]',
      'x-forwarded-authorization': '[REDACTED]',
      'x-session-id': '[REDACTED]',
      'content-type': 'application/json',
      note: 'sent Bearer [REDACTED] and [REDACTED] plus [REDACTED]',
    });
    assert.deepEqual(redact({ 'x-api-key-id': 'k1', 'x-api-key': 's' }, { allow: ['x-api-key-id'] }), {
      'x-api-key-id': 'k1',
      'x-api-key': '[REDACTED]',
    });
  });
});
