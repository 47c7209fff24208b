/**
 * A JSON syntax error described without the input. V8's messages quote the text around the error
 * (`Unexpected token 's', ..."key": sk-proj-ab"... is not valid JSON`), and that text can be a secret:
 * keep the reason, drop the quote, and turn "position N" into line and column.
 */
export interface JsonErrorDescription {
  reason: string;
  line?: number;
  column?: number;
}

/**
 * `holder` names what must hold a single document (`a test file`): a second document (or anything after
 * the first) is then described in the words a YAML pack's second document gets (src/schema/parse.ts).
 */
export function describeJsonError(error: unknown, text: string, holder?: string): JsonErrorDescription {
  const raw = error instanceof Error ? error.message : String(error);
  const reason = /non-whitespace character after JSON/.test(raw)
    ? holder === undefined
      ? 'more text after the end of the JSON document'
      : `${holder} holds one JSON document; this one has more after it ends`
    : /^Unexpected token/.test(raw)
      ? 'unexpected token'
      : raw
          .replace(/\s+in JSON at position \d+.*$/s, '')
          .replace(/,\s*(?:\.\.\.)?".*$/s, '')
          .trim();
  // V8 gives no position when the input stops mid-document ("Unexpected end of JSON input"): the place
  // to point at is then the end of the input, where the rest is missing.
  const at = /position (\d+)/.exec(raw);
  const ended = at === null && /end of JSON input/.test(raw);
  if (at === null && !ended) return { reason };
  const pos = ended ? text.length : Math.min(Number(at![1]), text.length);
  const before = text.slice(0, pos);
  const lineStart = before.lastIndexOf('\n');
  let line = 1;
  for (let i = before.indexOf('\n'); i !== -1; i = before.indexOf('\n', i + 1)) line++;
  return { reason, line, column: pos - lineStart };
}
