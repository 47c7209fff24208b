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
  // Node 20's V8 names no position for an unexpected token (`{"messages": oops}`): found by a scan.
  const found = at === null && !ended ? firstSyntaxError(text) : undefined;
  if (at === null && !ended && found === undefined) return { reason };
  const pos = ended ? text.length : Math.min(found ?? Number(at![1]), text.length);
  const before = text.slice(0, pos);
  const lineStart = before.lastIndexOf('\n');
  let line = 1;
  for (let i = before.indexOf('\n'); i !== -1; i = before.indexOf('\n', i + 1)) line++;
  return { reason, line, column: pos - lineStart };
}

const isSpace = (c: number): boolean => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
// eslint-disable-next-line no-control-regex
const STRING_BODY = /(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;

/**
 * The offset of the first character of `text` that JSON's grammar does not allow there (the end of the
 * text when it stops short), or undefined when it is valid JSON. One pass with an explicit stack of open
 * containers, so any nesting depth costs no recursion.
 */
export function firstSyntaxError(text: string): number | undefined {
  const stack: number[] = []; // 0x7b for an object, 0x5b for an array
  let i = 0;
  const skip = (): void => {
    while (i < text.length && isSpace(text.charCodeAt(i))) i++;
  };
  const sticky = (re: RegExp): boolean => {
    re.lastIndex = i;
    if (!re.test(text)) return false;
    i = re.lastIndex;
    return true;
  };
  for (;;) {
    // A value.
    skip();
    const c = text.charCodeAt(i);
    if (c === 0x7b || c === 0x5b) {
      stack.push(c);
      i++;
      skip();
      const close = c === 0x7b ? 0x7d : 0x5d;
      if (text.charCodeAt(i) === close) {
        i++;
        stack.pop();
      } else if (c === 0x7b) {
        if (!objectKey()) return i;
        continue;
      } else continue;
    } else if (c === 0x22) {
      i++;
      if (!sticky(STRING_BODY)) return i;
    } else if (text.startsWith('true', i)) i += 4;
    else if (text.startsWith('false', i)) i += 5;
    else if (text.startsWith('null', i)) i += 4;
    else if (!sticky(NUMBER)) return i;
    // After a value: a separator or the end of its container.
    for (;;) {
      skip();
      if (stack.length === 0) return i < text.length ? i : undefined;
      const top = stack[stack.length - 1]!;
      const d = text.charCodeAt(i);
      if (d === 0x2c) {
        i++;
        if (top === 0x7b && !objectKey()) return i;
        break;
      }
      if (d !== (top === 0x7b ? 0x7d : 0x5d)) return i;
      i++;
      stack.pop();
    }
  }

  /** A key and its colon, with `i` at the key's opening quote (after whitespace); false at the first wrong character. */
  function objectKey(): boolean {
    skip();
    if (text.charCodeAt(i) !== 0x22) return false;
    i++;
    if (!sticky(STRING_BODY)) return false;
    skip();
    if (text.charCodeAt(i) !== 0x3a) return false;
    i++;
    return true;
  }
}
