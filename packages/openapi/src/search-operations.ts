import type { OperationTool } from './convert-document.ts';

/** One search hit, as `search_operations` lists it. */
export interface OperationSummary {
  name: string;
  method: string;
  path: string;
  summary: string;
}

/**
 * Ranks operations by how many query words their name, path, tags, title and description
 * contain (name and path count double: they are what a model searches by). Ties keep
 * document order, so results are stable.
 */
export function searchOperations(
  tools: readonly OperationTool[],
  query: string,
  options: { tag?: string | undefined; limit: number },
): { total: number; operations: OperationSummary[] } {
  const words = query
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  const scored: { tool: OperationTool; score: number; index: number }[] = [];
  tools.forEach((tool, index) => {
    if (
      options.tag !== undefined &&
      !tool.tags.some((tag) => tag.toLowerCase() === options.tag?.toLowerCase())
    )
      return;
    const strong = `${tool.name} ${tool.path} ${tool.tags.join(' ')}`.toLowerCase();
    const weak = `${tool.title ?? ''} ${tool.description}`.toLowerCase();
    let score = words.length === 0 ? 1 : 0;
    for (const word of words) score += (strong.includes(word) ? 2 : 0) + (weak.includes(word) ? 1 : 0);
    if (score > 0) scored.push({ tool, score, index });
  });
  scored.sort((a, b) => b.score - a.score || a.index - b.index);
  return {
    total: scored.length,
    operations: scored.slice(0, options.limit).map(({ tool }) => ({
      name: tool.name,
      method: tool.method.toUpperCase(),
      path: tool.path,
      summary: tool.title ?? tool.description.split('\n')[0] ?? '',
    })),
  };
}
