import { XMLParser } from 'fast-xml-parser';

// Where in the export file each comment starts, so that every problem can name its line.

/** A function from a character offset in `text` to its 1-based line number. */
export function lineCounter(text: string): (offset: number) => number {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return (offset) => {
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = Math.ceil((low + high) / 2);
      if (starts[middle]! <= offset) low = middle;
      else high = middle - 1;
    }
    return low + 1;
  };
}

const METADATA = XMLParser.getMetaDataSymbol();

/** The line an element parsed with `captureMetaData` starts on; 0 when the parser kept no position. */
export function elementLine(node: unknown, lineAt: (offset: number) => number): number {
  const meta = typeof node === 'object' && node !== null ? (node as Record<symbol, { startIndex?: number } | undefined>)[METADATA as symbol] : undefined;
  return typeof meta?.startIndex === 'number' ? lineAt(meta.startIndex) : 0;
}

// An `"id": "…"` key in JSON text. Inside a JSON string every quote is escaped, so an
// unescaped `"id"` followed by a colon can only be a key. Linear: no nested quantifiers.
const ID_KEY = /"id"\s*:\s*("(?:[^"\\]|\\.)*")/g;

/** For Masthead JSON: the line of the first `"id": …` key holding each id. */
export function jsonIdLines(text: string): Map<string, number> {
  const lineAt = lineCounter(text);
  const lines = new Map<string, number>();
  for (const match of text.matchAll(ID_KEY)) {
    let id: unknown;
    try {
      id = JSON.parse(match[1]!);
    } catch {
      continue;
    }
    if (typeof id === 'string' && !lines.has(id)) lines.set(id, lineAt(match.index));
  }
  return lines;
}
