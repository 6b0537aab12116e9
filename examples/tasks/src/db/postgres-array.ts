/**
 * Postgres' text form of arrays (`{a,"b c",NULL}`, `{{1,2},{3,4}}`), for a client that does
 * not know the array types of the server it talks to (postgres.js without `fetch_types`).
 */

/** The array in `text`, each element (never NULL) read by `parseElement`; NULL becomes null. */
export function parsePostgresArray(text: string, parseElement: (element: string) => unknown): unknown[] {
  // `[0:1]={...}`: bounds other than 1..n, which a JavaScript array cannot keep anyway.
  let i = text.startsWith('[') ? text.indexOf('=') + 1 : 0;
  const fail = (): never => {
    throw new Error(`Unexpected array text from the database: ${text}`);
  };
  const list = (): unknown[] => {
    if (text[i] !== '{') fail();
    i += 1;
    const elements: unknown[] = [];
    if (text[i] === '}') {
      i += 1;
      return elements;
    }
    for (;;) {
      if (text[i] === '{') {
        elements.push(list());
      } else if (text[i] === '"') {
        let value = '';
        for (i += 1; text[i] !== '"'; i += 1) {
          if (text[i] === '\\') i += 1;
          if (i >= text.length) fail();
          value += text[i];
        }
        i += 1;
        elements.push(parseElement(value));
      } else {
        const start = i;
        while (i < text.length && text[i] !== ',' && text[i] !== '}') i += 1;
        const value = text.slice(start, i);
        elements.push(value === 'NULL' ? null : parseElement(value));
      }
      const delimiter = text[i];
      i += 1;
      if (delimiter === '}') return elements;
      if (delimiter !== ',') fail();
    }
  };
  const array = list();
  if (i !== text.length) fail();
  return array;
}

/** A JavaScript array as Postgres array text, every element quoted (the server casts it to the column's type). */
export function serializePostgresArray(values: readonly unknown[]): string {
  return `{${values.map(serializeElement).join(',')}}`;
}

function serializeElement(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (Array.isArray(value)) return serializePostgresArray(value);
  return `"${elementText(value).replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

// As `pg` writes array elements: dates as instants, bytes as bytea hex, objects as JSON.
function elementText(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Uint8Array) return `\\x${Buffer.from(value).toString('hex')}`;
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
