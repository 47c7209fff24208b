import { describe, expect, it } from 'vitest';
import { describeJsonError } from '../../../src/io/json-error.js';

const fail = (text: string): unknown => {
  try {
    JSON.parse(text);
  } catch (e) {
    return e;
  }
  throw new Error('expected a syntax error');
};

describe('describeJsonError', () => {
  const secret = 'sk-proj-abcdefghijklmnopqrstuvwxyz0123456789ABCD';

  it.each([
    `{"messages": ${secret}}`,
    `{"value": "${secret}" ${secret}}`,
    `{"value": "${secret}`,
    `[1, 2\n, ${secret}]`,
    `${secret}`,
  ])('never quotes the input: %#', (text) => {
    const d = describeJsonError(fail(text), text);
    expect(JSON.stringify(d)).not.toContain(secret.slice(0, 10));
    expect(d.reason.length).toBeGreaterThan(5);
  });

  it("describes text after the document in kt's words, naming what holds one document", () => {
    const text = '{"a": 1}\n{"b": 2}';
    expect(describeJsonError(fail(text), text, 'a test file')).toEqual({
      reason: 'a test file holds one JSON document; this one has more after it ends',
      line: 2,
      column: 1,
    });
    expect(describeJsonError(fail(text), text).reason).toBe('more text after the end of the JSON document');
  });

  it('turns a position into line and column', () => {
    const text = '{\n  "a": 1\n  "b": 2\n}';
    const d = describeJsonError(fail(text), text);
    expect(d).toMatchObject({ line: 3, column: 3 });
  });

  it('points at the end of the input when the document stops short', () => {
    const text = '{"messages": [\n';
    expect(describeJsonError(fail(text), text)).toEqual({ reason: 'Unexpected end of JSON input', line: 2, column: 1 });
    const cut = '{"a": 1,';
    expect(describeJsonError(fail(cut), cut)).toMatchObject({ line: 1, column: 9 });
  });
});
