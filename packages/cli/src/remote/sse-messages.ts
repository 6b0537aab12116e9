/**
 * The `data` of each event of a `text/event-stream` body, in order. Comments (keep-alives),
 * `event:` and `id:` lines are skipped: MCP puts one JSON-RPC message in each event's data.
 */
export async function* sseData(body: AsyncIterable<Uint8Array>): AsyncGenerator<string> {
  let buffer = '';
  let data: string[] = [];
  const decoder = new TextDecoder();
  // A caller that stops at the answer it wanted ends this loop, which destroys the body and
  // releases the connection.
  for await (const chunk of body) {
    buffer += decoder.decode(chunk, { stream: true });
    let newline = buffer.search(/\r\n|\r|\n/);
    // A lone \r at the end may be the first half of \r\n: wait for the next chunk.
    while (newline >= 0 && !(newline === buffer.length - 1 && buffer.endsWith('\r'))) {
      const line = buffer.slice(0, newline);
      buffer = buffer.slice(newline + (buffer.startsWith('\r\n', newline) ? 2 : 1));
      if (line === '') {
        if (data.length > 0) yield data.join('\n');
        data = [];
      } else if (line.startsWith('data:')) {
        data.push(line.slice(line.startsWith('data: ') ? 6 : 5));
      }
      newline = buffer.search(/\r\n|\r|\n/);
    }
  }
  if (data.length > 0) yield data.join('\n');
}
