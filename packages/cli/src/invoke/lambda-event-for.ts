import { albEvent, functionUrlEvent, httpApiEvent, restApiEvent } from 'lambda-mcp/testing';
import { usageError } from '../cli-error.ts';

/** The event sources `--event` names: API Gateway REST and HTTP APIs, Function URLs, ALB. */
export const EVENT_KINDS = ['rest', 'http', 'url', 'alb'] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

export function isEventKind(value: string): value is EventKind {
  return (EVENT_KINDS as readonly string[]).includes(value);
}

/** An HTTP request as a client sends it, wrapped in the event shape the given source delivers. */
export function lambdaEventFor(
  kind: EventKind,
  request: { headers: Record<string, string>; body: string; path?: string },
  authorizer: Record<string, unknown> | undefined,
): unknown {
  const base = { method: 'POST', path: request.path ?? '/mcp', headers: request.headers, body: request.body };
  switch (kind) {
    case 'rest':
      return restApiEvent({ ...base, ...(authorizer ? { authorizer } : {}) });
    case 'http':
      return httpApiEvent({ ...base, authorizer });
    case 'url':
      return functionUrlEvent({ ...base, ...(authorizer ? { authorizer } : {}) });
    case 'alb':
      // An ALB has no authorizer: authentication there is the load balancer's, before the function.
      if (authorizer)
        throw usageError('--authorizer does not apply to --event alb: ALB events carry no authorizer');
      return albEvent(base);
  }
}
