/**
 * A nesting bound checked before the YAML parser runs. The parser builds a node, and on overflow an error, for every
 * level: 1 MiB of `[` took 10 s of CPU and ~1 GB. An experiment nests a few levels; past MAX_NESTING the file is
 * refused at the first bracket or dash too deep, found by yaml's own lexer (which knows quotes and comments) and
 * stopped there, so the check costs no more than the text up to that point.
 */
import { CST, Lexer } from 'yaml';

export const MAX_NESTING = 100;

// Tokens the lexer adds that are not text of the source (they mark modes and scalar starts).
const MARKERS = new Set<string>([CST.DOCUMENT, CST.FLOW_END, CST.SCALAR]);

/**
 * The offset of the first token that nests deeper than `max`, or undefined. Depth counts the block indentation levels
 * open at a line's first token, the flow collections open (`[`, `{`) and the dashes (and `?` keys) opened on the line
 * itself (`- - - x` nests three sequences in one line): an upper bound of the parser's depth, which is all it needs.
 */
export function tooDeepAt(text: string, max = MAX_NESTING): number | undefined {
  let offset = 0;
  let flow = 0;
  let onLine = 0;
  let indent = 0;
  let lineStart = true;
  const indents: number[] = [];
  for (const token of new Lexer().lex(text)) {
    if (MARKERS.has(token)) continue;
    const type = CST.tokenType(token);
    if (type === 'newline') {
      onLine = 0;
      indent = 0;
      lineStart = true;
    } else if (lineStart && type === 'space') {
      indent = token.length;
    } else if (lineStart && type !== 'comment') {
      lineStart = false;
      // A line's first token closes the block levels indented as deep as it or deeper, and opens its own.
      if (flow === 0) {
        while (indents.length > 0 && indents[indents.length - 1]! >= indent) indents.pop();
        indents.push(indent);
      }
    }
    if (type === 'flow-seq-start' || type === 'flow-map-start') flow += 1;
    else if (type === 'flow-seq-end' || type === 'flow-map-end') flow = Math.max(0, flow - 1);
    else if (type === 'seq-item-ind' || type === 'explicit-key-ind') onLine += 1;
    if (indents.length + flow + onLine > max) return offset;
    offset += token.length;
  }
  return undefined;
}
