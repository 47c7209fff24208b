/**
 * Where JSON text first nests deeper than `max` brackets, found in one linear pass over the text (brackets
 * inside strings do not count), before anything parses it: what later walks a parsed value recursively
 * (JSON.stringify, validators, the policy engine) would exhaust the stack on a hostile document, and a
 * body of nothing but `[` parses into gigabytes of arrays (a 63 MB payload file of `{"a":` nesting took
 * JSON.parse 30 s and 3.4 GB). Used on the gateway's request bodies, on the client's responses and on
 * payload and test files (io/json-strict.ts).
 */
export function jsonDepthExceededAt(text: string, max: number): number | undefined {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      // Skip the string: to the next quote that is not escaped.
      for (i++; i < text.length; i++) {
        const d = text.charCodeAt(i);
        if (d === 0x5c) i++;
        else if (d === 0x22) break;
      }
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return i;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return undefined;
}

/** Whether JSON text nests deeper than `max` brackets (see jsonDepthExceededAt). */
export function jsonNestedDeeperThan(text: string, max: number): boolean {
  return jsonDepthExceededAt(text, max) !== undefined;
}
