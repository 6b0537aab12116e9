import { pathToFileURL } from 'node:url';

// This CLI's own files (src/ from source, dist/ installed), as a frame names them: a path, or
// the file URL of an ES module.
const CLI_DIR = import.meta.dirname;
const CLI_URL = pathToFileURL(CLI_DIR).href;

/**
 * An error of the user's code (a module that throws at import, a handler) as they need it: its
 * message and the frames of their own code. Node's internal frames and the CLI's (the script
 * that loaded their module) say nothing about what to fix.
 */
export function userStack(error: unknown): string {
  const text = (error as Error | undefined)?.stack ?? String(error);
  return text
    .split('\n')
    .filter((line) => !/^\s+at /.test(line) || !isForeignFrame(line))
    .join('\n');
}

function isForeignFrame(line: string): boolean {
  return /[ (]node:/.test(line) || line.includes(CLI_URL) || line.includes(CLI_DIR);
}
