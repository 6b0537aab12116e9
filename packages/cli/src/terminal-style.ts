import type { WriteStream } from 'node:tty';

type Paint = (text: string) => string;

/** ANSI styles for one output stream: colour only on a TTY, and never with NO_COLOR set. */
export interface TerminalStyle {
  bold: Paint;
  dim: Paint;
  red: Paint;
  yellow: Paint;
  green: Paint;
  cyan: Paint;
}

const plain: Paint = (text) => text;
const sgr =
  (open: number, close: number): Paint =>
  (text) =>
    `\u001b[${open}m${text}\u001b[${close}m`;

export function styleFor(stream: NodeJS.WritableStream): TerminalStyle {
  const tty = (stream as Partial<WriteStream>).isTTY === true;
  const colour = tty && process.env.NO_COLOR === undefined && process.env.TERM !== 'dumb';
  if (!colour) return { bold: plain, dim: plain, red: plain, yellow: plain, green: plain, cyan: plain };
  return {
    bold: sgr(1, 22),
    dim: sgr(2, 22),
    red: sgr(31, 39),
    yellow: sgr(33, 39),
    green: sgr(32, 39),
    cyan: sgr(36, 39),
  };
}
