/**
 * An incremental `text/event-stream` parser: feed it text as it arrives, get back the
 * `data` of each complete event. Comments (keep-alives) and other fields are skipped.
 */
export class EventStreamParser {
  #buffer = '';
  #data: string[] = [];

  push(text: string): string[] {
    this.#buffer += text;
    const events: string[] = [];
    for (;;) {
      const end = this.#buffer.search(/\r\n|\r|\n/);
      if (end === -1) break;
      const line = this.#buffer.slice(0, end);
      const newline = this.#buffer.startsWith('\r\n', end) ? 2 : 1;
      this.#buffer = this.#buffer.slice(end + newline);
      if (line === '') {
        if (this.#data.length > 0) events.push(this.#data.join('\n'));
        this.#data = [];
      } else if (line.startsWith('data:')) {
        this.#data.push(line.slice(line.startsWith('data: ') ? 6 : 5));
      }
    }
    return events;
  }
}
