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

export function describeJsonError(error: unknown, text: string): JsonErrorDescription {
  const raw = error instanceof Error ? error.message : String(error);
  const reason = /^Unexpected token/.test(raw)
    ? 'unexpected token'
    : raw.replace(/\s+in JSON at position \d+.*$/s, '').replace(/,\s*(?:\.\.\.)?".*$/s, '').trim();
  const at = /position (\d+)/.exec(raw);
  if (at === null) return { reason };
  const pos = Math.min(Number(at[1]), text.length);
  const before = text.slice(0, pos);
  const lineStart = before.lastIndexOf('\n');
  let line = 1;
  for (let i = before.indexOf('\n'); i !== -1; i = before.indexOf('\n', i + 1)) line++;
  return { reason, line, column: pos - lineStart };
}
