/**
 * The floor: a hand-written handler that parses JSON, switches on the method and answers.
 * No validation beyond what the two tools need; it shows what the host itself costs.
 */
interface RpcRequest {
  id?: string | number;
  method?: string;
  params?: { name?: string; arguments?: Record<string, unknown> };
}

const TOOLS = [
  {
    name: 'echo',
    description: 'Returns the text it is given.',
    inputSchema: { type: 'object', properties: { text: { type: 'string' } }, required: ['text'] },
  },
  {
    name: 'add',
    description: 'Adds two numbers and returns the sum as text.',
    inputSchema: {
      type: 'object',
      properties: { a: { type: 'number' }, b: { type: 'number' } },
      required: ['a', 'b'],
    },
  },
];

/** The JSON-RPC answer for one request body; shared by the fetch and Lambda floors. */
export function answer(body: string): string {
  const request = JSON.parse(body) as RpcRequest;
  switch (request.method) {
    case 'tools/list':
      return reply(request.id, { resultType: 'complete', tools: TOOLS });
    case 'tools/call': {
      const args = request.params?.arguments ?? {};
      if (request.params?.name === 'echo') return text(request.id, String(args.text));
      if (request.params?.name === 'add') return text(request.id, String(Number(args.a) + Number(args.b)));
      return error(request.id, -32602, `Unknown tool: ${request.params?.name}`);
    }
    default:
      return error(request.id, -32601, `Method not found: ${request.method}`);
  }
}

function text(id: RpcRequest['id'], value: string): string {
  return reply(id, { resultType: 'complete', content: [{ type: 'text', text: value }] });
}

function reply(id: RpcRequest['id'], result: unknown): string {
  return JSON.stringify({ jsonrpc: '2.0', id, result });
}

function error(id: RpcRequest['id'], code: number, message: string): string {
  return JSON.stringify({ jsonrpc: '2.0', id, error: { code, message } });
}

export async function fetchHandler(request: Request): Promise<Response> {
  return new Response(answer(await request.text()), {
    headers: { 'content-type': 'application/json' },
  });
}
