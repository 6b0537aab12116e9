/** What the parent sends the invocation child on stdin. */
export interface InvocationRequest {
  file: string;
  exportName: string;
  event: unknown;
  timeoutMs: number;
  stream: boolean;
}

/** What the invocation child reports on fd 3: one outcome of one invocation. */
export type InvocationReport =
  | { kind: 'result'; initMs: number; durationMs: number; result: unknown }
  | { kind: 'stream'; initMs: number; durationMs: number; firstByteMs: number; base64: string }
  /** `thrown`: what the handler threw, as the report says it (`TypeError: bad`). */
  | { kind: 'handler-error'; initMs: number; durationMs: number; thrown: string }
  | { kind: 'timeout'; initMs: number; timeoutMs: number }
  | { kind: 'init-error'; message: string };
