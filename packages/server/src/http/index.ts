// lambda-mcp/http: the HTTP layer over plain exchanges, for writing an adapter to a new host.
// An adapter translates its platform's request into an Exchange and the Reply back; the
// layer decides everything about MCP.

export type { AuthProvider, LimitRequest, RequestLimit } from './auth-provider.ts';
export {
  BodyReadError,
  type BodyReader,
  type EventStream,
  type Exchange,
  isEventStream,
  type Reply,
} from './exchange.ts';
export { createExchangeHandler, type ExchangeHandler } from './handle-exchange.ts';
export type { HttpOptions } from './http-options.ts';
export type {
  Caller,
  Observer,
  Outcome,
  RejectionRecord,
  RequestRecord,
  ToolCallRecord,
} from './observer.ts';
export type { ResultLimit } from './result-limit.ts';
