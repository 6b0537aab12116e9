/**
 * The two operations the tasks benchmark sends, as 2026-07-28 `tools/call` requests (no
 * initialize; `_meta` and the mirrored `Mcp-*` headers), and the check that an answer is a
 * real result rather than an error.
 */
// The module file, not `lambda-mcp/testing`: the index loads node:http, which would warm
// Node's built-ins before the cold-start probe measures a bundle.
import { type McpHttpRequest, mcpRequest } from '../../packages/server/src/testing/mcp-request.ts';

export type Operation = 'create_task' | 'list_tasks';
export const OPERATIONS: readonly Operation[] = ['create_task', 'list_tasks'];

/**
 * Arguments per operation. `n` makes every create distinct (its own idempotency key) and
 * spreads the calls over the projects, as a workspace with many teams would see them.
 */
export function toolArguments(
  operation: Operation,
  projectIds: readonly number[],
  n: number,
): Record<string, unknown> {
  const projectId = projectIds[n % projectIds.length];
  if (operation === 'create_task') {
    return {
      title: `Benchmark task ${n}`,
      description: 'Created by bench/tasks',
      project_id: projectId,
      priority: (['low', 'medium', 'high'] as const)[n % 3],
      due_date: '2026-12-01',
      idempotency_key: `bench-${process.pid}-${n}`,
    };
  }
  // A typical assistant query: open work in one project, earliest due first, one page.
  return { project_id: projectId, status: 'todo', sort: 'due_asc', limit: 20 };
}

/** The HTTP request for one `tools/call`. */
export function toolsCall(name: string, args: Record<string, unknown>, id: number): McpHttpRequest {
  return mcpRequest(
    'tools/call',
    { name, arguments: args },
    { id, clientInfo: { name: 'bench-tasks', version: '1.0.0' } },
  );
}

/** The structured result of a successful call; throws with the answer when it is anything else. */
export function structuredResult(status: number, body: string, what: string): Record<string, unknown> {
  let parsed: { result?: { isError?: boolean; structuredContent?: Record<string, unknown> } } | undefined;
  try {
    parsed = JSON.parse(body);
  } catch {
    parsed = undefined;
  }
  const result = parsed?.result;
  if (status !== 200 || !result || result.isError || !result.structuredContent) {
    throw new Error(`${what}: HTTP ${status} ${body.slice(0, 300)}`);
  }
  return result.structuredContent;
}
