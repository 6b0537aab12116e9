import type { Revision } from './tools-call.ts';

/** A server under test: a module exporting `fetchHandler(Request): Promise<Response>`. */
export interface Contender {
  name: string;
  /** Path relative to bench/. */
  module: string;
  revision: Revision;
}

export const FETCH_CONTENDERS: readonly Contender[] = [
  { name: 'lambda-mcp (JSON Schema)', module: './servers/lambda-mcp-json.ts', revision: '2026-07-28' },
  { name: 'lambda-mcp (zod)', module: './servers/lambda-mcp-zod.ts', revision: '2026-07-28' },
  { name: 'SDK 1.32.2 (stateless)', module: './servers/sdk-v1.ts', revision: '2025-11-25' },
  { name: 'SDK 2.4.0 (createMcpHandler)', module: './servers/sdk-v2.ts', revision: '2026-07-28' },
  { name: 'floor (hand-written)', module: './servers/floor.ts', revision: '2026-07-28' },
];
