/**
 * The package export conditions this Node process was started with (`--conditions` /
 * `-C`, on the command line or in NODE_OPTIONS). The bundle resolves packages as the
 * process does: in the lambda-mcp repository that is the `@lambda-mcp/source` condition.
 */
export function nodeConditions(): string[] {
  const args = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)];
  const conditions: string[] = [];
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i]!;
    const inline = /^(?:--conditions|-C)=(.+)$/.exec(arg);
    if (inline) conditions.push(inline[1]!);
    else if ((arg === '--conditions' || arg === '-C') && args[i + 1]) conditions.push(args[++i]!);
  }
  return [...new Set(conditions)];
}
