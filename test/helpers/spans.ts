/** Assertions shared by the detector tests about the spans (matches, findings) they report. */
import { expect } from 'vitest';

/** Every span is non-empty, lies inside a text of `length` characters, and they are sorted and disjoint. */
export function expectSortedDisjointSpans(spans: Iterable<{ start: number; end: number }>, length: number): void {
  let last = 0;
  for (const span of spans) {
    expect(span.start).toBeGreaterThanOrEqual(last);
    expect(span.end).toBeGreaterThan(span.start);
    expect(span.end).toBeLessThanOrEqual(length);
    last = span.end;
  }
}
