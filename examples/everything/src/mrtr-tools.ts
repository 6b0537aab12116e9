import type { ElicitParams, ElicitResult, InputRequest, McpServer, RequestContext } from 'lambda-mcp';

/**
 * Multi round-trip input (MRTR, 2026-07-28): each tool asks the client for input by ending
 * its round with an InputRequiredResult; the retry brings the answers back in
 * `inputResponses`, earlier answers and handler state ride in the signed `requestState`.
 */
const askName = (message: string): ElicitParams => ({
  message,
  requestedSchema: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] },
});

const nameForm = (message: string): InputRequest => ({
  method: 'elicitation/create',
  params: askName(message),
});

const greetingSample: InputRequest = {
  method: 'sampling/createMessage',
  params: {
    messages: [{ role: 'user', content: { type: 'text', text: 'Generate a greeting' } }],
    maxTokens: 50,
  },
};

const listRoots: InputRequest = { method: 'roots/list', params: {} };

/** Answers still missing for `requests`, so a round asks only for what it lacks. */
function missing(ctx: RequestContext, requests: Record<string, InputRequest>): Record<string, InputRequest> {
  return Object.fromEntries(
    Object.entries(requests).filter(([key, request]) => !isAnswer(ctx.inputResponses[key], request)),
  );
}

/**
 * An input response is a result object (for roots/list, one with a `roots` array); anything
 * else (a number, a string) asks again.
 */
function isAnswer(value: unknown, request?: InputRequest): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  return request?.method !== 'roots/list' || Array.isArray((value as { roots?: unknown }).roots);
}

function accepted(answer: ElicitResult, field: string): string {
  if (answer.action !== 'accept') return `(${answer.action})`;
  return String(answer.content?.[field] ?? '');
}

/** The text of a sampling answer, whose content is one block or (2025-11-25 on) an array of them. */
export function sampledText(answer: Record<string, unknown>): string {
  const blocks = (Array.isArray(answer.content) ? answer.content : [answer.content]) as (
    | { type?: string; text?: unknown }
    | null
    | undefined
  )[];
  return blocks
    .filter((block) => block?.type === 'text' && typeof block.text === 'string')
    .map((block) => block!.text as string)
    .join('\n');
}

export function registerMrtrTools(server: McpServer): void {
  server
    .tool(
      'test_input_required_result_elicitation',
      { description: 'Asks for your name, then greets you.' },
      (_i, ctx) => {
        const answer = ctx.elicit('user_name', askName('What is your name?'));
        return `Hello, ${accepted(answer, 'name')}!`;
      },
    )
    .tool(
      'test_input_required_result_sampling',
      { description: 'Asks the client model a question.' },
      (_i, ctx) => {
        const answer = ctx.sample('capital_question', {
          messages: [{ role: 'user', content: { type: 'text', text: 'What is the capital of France?' } }],
          maxTokens: 100,
        });
        return `The model answered: ${sampledText(answer)}`;
      },
    )
    .tool('test_input_required_result_list_roots', { description: 'Lists the client roots.' }, (_i, ctx) => {
      const needed = missing(ctx, { client_roots: listRoots });
      if (Object.keys(needed).length > 0) ctx.requireInput(needed);
      const { roots } = ctx.inputResponses.client_roots as { roots?: { uri: string }[] };
      return `Client roots: ${(roots ?? []).map((r) => r.uri).join(', ') || '(none)'}`;
    })
    .tool(
      'test_input_required_result_request_state',
      { description: 'Carries its own state through requestState and checks it on the retry.' },
      (_i, ctx) => {
        const confirm: InputRequest = {
          method: 'elicitation/create',
          params: {
            message: 'Please confirm',
            requestedSchema: { type: 'object', properties: { ok: { type: 'boolean' } }, required: ['ok'] },
          },
        };
        if (!isAnswer(ctx.inputResponses.confirm)) ctx.requireInput({ confirm }, { issuedFor: 'confirm' });
        const state = ctx.inputState as { issuedFor?: string } | undefined;
        return state?.issuedFor === 'confirm'
          ? 'state-ok: the requestState came back intact.'
          : 'state-missing: retry without the requestState the server sent.';
      },
    )
    .tool(
      'test_input_required_result_multiple_inputs',
      { description: 'Asks for an elicitation, a sampling and the roots in one round.' },
      (_i, ctx) => {
        const needed = missing(ctx, {
          user_name: nameForm('What is your name?'),
          greeting: greetingSample,
          client_roots: listRoots,
        });
        if (Object.keys(needed).length > 0) ctx.requireInput(needed, { round: 1 });
        const name = accepted(ctx.inputResponses.user_name as ElicitResult, 'name');
        return `${sampledText(ctx.inputResponses.greeting as Record<string, unknown>)} ${name}`.trim();
      },
    )
    .tool(
      'test_input_required_result_multi_round',
      { description: 'Asks two questions, one per round.' },
      (_i, ctx) => {
        const name = ctx.elicit('step1', askName('Step 1: What is your name?'));
        const color = ctx.elicit('step2', {
          message: 'Step 2: What is your favorite color?',
          requestedSchema: { type: 'object', properties: { color: { type: 'string' } }, required: ['color'] },
        });
        return `${accepted(name, 'name')} likes ${accepted(color, 'color')}.`;
      },
    )
    .tool(
      'test_input_required_result_tampered_state',
      { description: 'Asks for confirmation; a modified requestState is rejected with -32602.' },
      (_i, ctx) => {
        const answer = ctx.elicit('confirm', {
          message: 'Please confirm',
          requestedSchema: { type: 'object', properties: { ok: { type: 'boolean' } }, required: ['ok'] },
        });
        return `Confirmed: ${answer.action}`;
      },
    )
    .tool(
      'test_input_required_result_capabilities',
      { description: 'Asks only for the inputs the client declared it can give.' },
      (_i, ctx) => {
        const { capabilities } = ctx.client;
        const wanted: Record<string, InputRequest> = {};
        if (capabilities.elicitation) wanted.user_name = nameForm('What is your name?');
        if (capabilities.sampling) wanted.greeting = greetingSample;
        if (capabilities.roots) wanted.client_roots = listRoots;
        const needed = missing(ctx, wanted);
        if (Object.keys(needed).length > 0) ctx.requireInput(needed);
        return `Received ${Object.keys(wanted).length} input(s).`;
      },
    )
    // Needs sampling: a client that did not declare it gets -32021 with requiredCapabilities.
    .tool('test_missing_capability', { description: 'Needs the sampling capability.' }, (_i, ctx) => {
      const answer = ctx.sample('summary', {
        messages: [{ role: 'user', content: { type: 'text', text: 'Summarise MCP in one line.' } }],
        maxTokens: 50,
      });
      return sampledText(answer);
    })
    .tool(
      'test_streaming_elicitation',
      {
        description:
          'Asks for input; the answer is an InputRequiredResult, never a server-to-client request.',
      },
      (_i, ctx) => {
        const answer = ctx.elicit('user_name', askName('What is your name?'));
        return `Hello, ${accepted(answer, 'name')}!`;
      },
    );
}
