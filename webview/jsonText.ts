// JSON as the Token Editor's page shows and edits it: compact, with short
// arrays and objects on one line, and cut (with a note) past a size the page
// can show. Pure, like values.ts.

/** Columns a JSON value may take on one line before it is spread over several. */
export const JSON_WIDTH = 72;

/** A JSON value as an editable text: compact (see compactJson). */
export function jsonFieldText(value: unknown): string {
  return compactJson(value);
}

/** Characters of JSON text the page shows at most; past that it says where to edit the value instead. */
export const MAX_SHOWN_JSON = 200_000;
/** Ends a JSON text cut at MAX_SHOWN_JSON (after a line break, so it never reads as part of the value). */
export const JSON_CUT_NOTE = '… too long to show here; edit it in the YAML.';

/**
 * JSON indented by two, but with every array or object that fits in `width`
 * columns (counting where it starts on its line) on one line, so a list of
 * pairs reads one pair per line rather than one string per line. Members are
 * indented by two per level, never by the length of a key: keys are workspace
 * text, so the output stays within the input's size plus two spaces per level
 * and line. JSON.parse reads it back exactly, unless it is longer than `max`:
 * then it is cut and ends with JSON_CUT_NOTE.
 */
export function compactJson(value: unknown, width = JSON_WIDTH, max = MAX_SHOWN_JSON): string {
  const out = new BoundedText(max);
  writeCompact(value, 0, 0, width, out);
  return out.cut ? `${out.text()}\n${JSON_CUT_NOTE}` : out.text();
}

/** Whether `text` is a compactJson text that was cut (and so cannot be read back). */
export function isCutJson(text: string): boolean {
  return text.endsWith(JSON_CUT_NOTE);
}

/** Text built in pieces that stops growing at `max` characters. */
class BoundedText {
  private readonly parts: string[] = [];
  private length = 0;
  cut = false;
  constructor(private readonly max: number) {}
  push(piece: string): void {
    if (this.cut) return;
    if (this.length + piece.length > this.max) {
      this.parts.push(piece.slice(0, this.max - this.length));
      this.cut = true;
      return;
    }
    this.parts.push(piece);
    this.length += piece.length;
  }
  text(): string {
    return this.parts.join('');
  }
}

/** `value` at nesting `indent`, starting at `column` of its line (after its key, in an object). */
function writeCompact(value: unknown, indent: number, column: number, width: number, out: BoundedText): void {
  if (value === null || typeof value !== 'object') {
    out.push(JSON.stringify(value) ?? 'null');
    return;
  }
  const flat = oneLineWithin(value, width - column);
  const entries: Array<[string | undefined, unknown]> = Array.isArray(value) ? value.map((x) => [undefined, x]) : Object.entries(value as Record<string, unknown>);
  if (flat !== undefined || entries.length === 0) {
    out.push(flat ?? (Array.isArray(value) ? '[]' : '{}'));
    return;
  }
  const pad = ' '.repeat(indent + 2);
  out.push(Array.isArray(value) ? '[\n' : '{\n');
  if (Array.isArray(value) && value.every((x) => x === null || typeof x !== 'object')) {
    // A list of plain values fills its lines, as many to a line as fit, rather than one short value per line.
    writeFilled(entries.map(([, x]) => JSON.stringify(x) ?? 'null'), pad, width, out);
    out.push(`\n${' '.repeat(indent)}]`);
    return;
  }
  entries.forEach(([k, x], i) => {
    if (out.cut) return;
    const key = k === undefined ? '' : `${JSON.stringify(k)}: `;
    out.push(pad + key);
    writeCompact(x, indent + 2, indent + 2 + key.length, width, out);
    out.push(i < entries.length - 1 ? ',\n' : '\n');
  });
  out.push(`${' '.repeat(indent)}${Array.isArray(value) ? ']' : '}'}`);
}

/** Plain values after `pad`, separated by commas, as many to a line as fit in `width`. */
function writeFilled(items: readonly string[], pad: string, width: number, out: BoundedText): void {
  let column = 0;
  items.forEach((item, i) => {
    const last = i === items.length - 1;
    const piece = last ? item : `${item},`;
    if (column === 0) {
      out.push(pad + piece);
      column = pad.length + piece.length;
    } else if (column + 1 + piece.length <= width) {
      out.push(` ${piece}`);
      column += 1 + piece.length;
    } else {
      out.push(`\n${pad}${piece}`);
      column = pad.length + piece.length;
    }
  });
}

/**
 * A JSON value on one line, with a space after each comma and colon, when it
 * takes at most `room` characters; undefined otherwise. It stops as soon as the
 * text is too long, so asking at every level costs at most `room` per value.
 */
function oneLineWithin(value: unknown, room: number): string | undefined {
  if (room < 0) return undefined;
  if (value === null || typeof value !== 'object') {
    // A string's JSON is at least its length plus the quotes: a long one is not copied to find that out.
    if (typeof value === 'string' && value.length + 2 > room) return undefined;
    const text = JSON.stringify(value) ?? 'null';
    return text.length <= room ? text : undefined;
  }
  const isArray = Array.isArray(value);
  const entries: Array<[string | undefined, unknown]> = isArray ? value.map((x) => [undefined, x]) : Object.entries(value as Record<string, unknown>);
  let text = isArray ? '[' : '{';
  for (const [i, [k, x]] of entries.entries()) {
    if (i > 0) text += ', ';
    if (k !== undefined) {
      if (text.length + k.length + 4 > room) return undefined;
      text += `${JSON.stringify(k)}: `;
    }
    const member = oneLineWithin(x, room - text.length - 1);
    if (member === undefined) return undefined;
    text += member;
  }
  text += isArray ? ']' : '}';
  return text.length <= room ? text : undefined;
}

/** A JSON value on one line, with a space after each comma and colon. */
export function oneLine(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(oneLine).join(', ')}]`;
  const entries = Object.entries(value as Record<string, unknown>);
  return entries.length === 0 ? '{}' : `{${entries.map(([k, x]) => `${JSON.stringify(k)}: ${oneLine(x)}`).join(', ')}}`;
}
