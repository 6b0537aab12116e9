/**
 * A word as a POSIX shell (bash, zsh) reads it back unchanged: as it is when it holds only
 * characters no shell treats specially, else in single quotes. What we print for people to
 * paste (`cd <dir>`, `claude mcp add ... <url>`) goes through it: `[::1]` is a glob to zsh,
 * `$` and `'` in a folder name would expand or open a quote.
 */
export function shellWord(word: string): string {
  if (/^[A-Za-z0-9_./:@%+,-]+$/.test(word)) return word;
  return `'${word.replaceAll("'", `'\\''`)}'`;
}
