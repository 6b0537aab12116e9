/**
 * Multi round-trip input (MRTR): a handler asks the client for input by throwing
 * InputRequired; the dispatcher turns it into an `InputRequiredResult` with a signed
 * `requestState`, and the retry brings the answers back to the same handler.
 */
export type InputRequest =
  | { method: 'elicitation/create'; params: ElicitParams }
  | { method: 'sampling/createMessage'; params: Record<string, unknown> }
  | { method: 'roots/list'; params?: Record<string, unknown> };

export type ElicitParams =
  | { mode?: 'form'; message: string; requestedSchema: Record<string, unknown> }
  | { mode: 'url'; message: string; url: string };

export interface ElicitResult {
  action: 'accept' | 'decline' | 'cancel';
  content?: Record<string, string | number | boolean | string[]>;
}

export class InputRequired {
  readonly requests: Record<string, InputRequest>;
  readonly state: unknown;

  constructor(requests: Record<string, InputRequest>, state?: unknown) {
    this.requests = requests;
    this.state = state;
  }
}

/** The client capability each kind of input request needs. */
export function capabilityFor(request: InputRequest): 'elicitation' | 'sampling' | 'roots' {
  if (request.method === 'elicitation/create') return 'elicitation';
  if (request.method === 'sampling/createMessage') return 'sampling';
  return 'roots';
}
