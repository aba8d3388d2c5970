/**
 * A nesting bound checked before the YAML parser runs. The parser builds a node, and on overflow an error, for every
 * level: 1 MiB of `[` took 10 s of CPU and ~1 GB, and after a stack overflow a second such file aborted the process.
 * An experiment nests a few levels; past MAX_NESTING the file is refused at the first bracket, dash or line too deep,
 * found by yaml's own lexer (which knows quotes, comments and block scalars) and stopped there, so the check costs
 * no more than the text up to that point.
 */
import { CST, Lexer } from 'yaml';

export const MAX_NESTING = 100;

// Tokens the lexer adds that are not text of the source (they mark modes and scalar starts).
const MARKERS = new Set<string>([CST.DOCUMENT, CST.SCALAR]);

/**
 * The offset of the first token that nests deeper than `max`, or undefined. Depth counts the block indentation levels
 * open at a line's first token, the flow collections open (`[`, `{`) and the block dashes (and `?` keys) opened on
 * the line itself (`- - - x` nests three sequences in one line). It is an estimate, not the parser's exact depth: a
 * sequence written at its key's own indent (`k:` then `- x` under it) is a level it does not count, so the parser
 * may reach about twice `max`, still far below where its stack runs out (~800 levels in the bin).
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
    // the lexer gave up on the open flow collections (a line indented too little): they are all closed
    if (token === CST.FLOW_END) {
      flow = 0;
      continue;
    }
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
    else if ((type === 'seq-item-ind' || type === 'explicit-key-ind') && flow === 0) onLine += 1;
    if (indents.length + flow + onLine > max) return offset;
    offset += token.length;
  }
  return undefined;
}
