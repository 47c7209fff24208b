/**
 * The reference the linear-regex tests compare with: re2js's own matcher over the whole text,
 * leftmost-first, non-overlapping, empty matches skipped (the spans LinearRegex.findAll must give).
 */
import { RE2JS } from 're2js';

export function re2jsSpans(regex: RE2JS | string, text: string): Array<{ start: number; end: number }> {
  const m = (typeof regex === 'string' ? RE2JS.compile(regex) : regex).matcher(text);
  const out: Array<{ start: number; end: number }> = [];
  let from = 0;
  while (from <= text.length && m.find(from)) {
    if (m.end() > m.start()) {
      out.push({ start: m.start(), end: m.end() });
      from = m.end();
    } else from = m.end() + 1;
  }
  return out;
}
