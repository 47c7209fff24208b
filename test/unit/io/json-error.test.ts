import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { describeJsonError, firstSyntaxError } from '../../../src/io/json-error.js';

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

  it('finds the column of an unexpected token when V8 names no position ({"messages": oops})', () => {
    const text = '{\n  "messages": oops\n}';
    expect(describeJsonError(fail(text), text)).toEqual({ reason: 'unexpected token', line: 2, column: 15 });
    expect(firstSyntaxError('[1, 2, ]')).toBe(7);
    expect(firstSyntaxError(`${'['.repeat(100_000)}${']'.repeat(100_000)}`)).toBeUndefined();
  });

  it('firstSyntaxError agrees with JSON.parse on what is valid', () => {
    const piece = fc.constantFrom(
      '{',
      '}',
      '[',
      ']',
      ',',
      ':',
      '"a"',
      '"\\q"',
      '1',
      '-0.5e3',
      '01',
      'true',
      'nul',
      ' ',
      '\n',
      'x',
    );
    fc.assert(
      fc.property(
        fc.oneof(
          fc.array(piece, { maxLength: 12 }).map((p) => p.join('')),
          fc.json(),
        ),
        (text) => {
          let valid = true;
          try {
            JSON.parse(text);
          } catch {
            valid = false;
          }
          expect(firstSyntaxError(text) === undefined).toBe(valid);
        },
      ),
      { numRuns: 3000 },
    );
  });
});
