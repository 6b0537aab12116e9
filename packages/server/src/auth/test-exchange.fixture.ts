// Test support (not shipped): an Exchange as an adapter would build it.
import type { Exchange } from '../http/index.ts';

export function testExchange(headers: Record<string, string> = {}, path = '/mcp'): Exchange {
  return {
    method: 'POST',
    path,
    headers,
    body: '',
    platform: { kind: 'other', name: 'test', request: undefined },
  };
}
