import { describe, expect, it } from 'vitest';
import { findDuplicateKey, parseJsonStrict } from '../../../src/io/json-strict.js';

describe('parseJsonStrict', () => {
  it('parses JSON as JSON.parse does when no object repeats a key', () => {
    const text =
      '{"a": [{"k": 1}, {"k": 2}], "b": {"k": "{\\"k\\": 1, \\"a\\": 2}"}, "k": ["a", "a"], "\\\\": 1, "x\\\\": {"a": 1}}';
    expect(parseJsonStrict(text)).toEqual({ ok: true, value: JSON.parse(text) });
    expect(parseJsonStrict('[1, "a", null]')).toEqual({ ok: true, value: [1, 'a', null] });
  });

  it('reports a repeated key at its second occurrence, naming the first', () => {
    const text = '{\n  "messages": [{"role": "user", "content": "hi"}],\n  "messages": []\n}';
    expect(parseJsonStrict(text)).toEqual({
      ok: false,
      problem: {
        code: 'input.duplicate_key',
        message:
          "duplicate key 'messages' (first at line 2, column 3); a repeated key would silently override the first",
        line: 3,
        column: 3,
      },
    });
  });

  it('finds repeats in nested objects, after values with quotes and brackets, and written with escapes', () => {
    expect(findDuplicateKey('{"a": {"b": "}\\"", "b": 2}}')).toMatchObject({ key: 'b', offset: 19, firstOffset: 7 });
    expect(findDuplicateKey('[{"a": 1}, {"x": [1, {"y": 2}], "x": 3}]')).toMatchObject({ key: 'x' });
    expect(findDuplicateKey('{"role": 1, "\\u0072ole": 2}')).toMatchObject({ key: 'role', offset: 12 });
    expect(findDuplicateKey('{"a": {"a": {"a": 1}}, "b": 1}')).toBeUndefined();
  });

  it('reports a syntax error as JSON.parse finds it, never quoting the input', () => {
    const r = parseJsonStrict('{"messages": sk-proj-abcdef}');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.problem).toMatchObject({ code: 'input.invalid_json' });
      expect(r.problem.message).not.toContain('sk-proj');
    }
  });

  it('refuses nesting past the bound before parsing, at the bracket that passes it, after an earlier syntax error', () => {
    expect(parseJsonStrict('{"a": [[[1]]]}', undefined, 4)).toMatchObject({ ok: true });
    expect(parseJsonStrict('{"a": [[[[1]]]]}', undefined, 4)).toEqual({
      ok: false,
      problem: { code: 'input.too_deep', message: 'nesting deeper than 4 levels', line: 1, column: 10 },
    });
    // Brackets inside strings do not count; a syntax error before the bound is the error.
    expect(parseJsonStrict('{"a": "[[[[[[", "b": [1]}', undefined, 2)).toMatchObject({ ok: true });
    expect(parseJsonStrict('{\n{\n{\n{\n', undefined, 2)).toMatchObject({
      ok: false,
      problem: { code: 'input.invalid_json', line: 2, column: 1 },
    });
    // The default bound is the reader's (MAX_JSON_DEPTH).
    expect(parseJsonStrict('['.repeat(1000) + ']'.repeat(1000))).toMatchObject({ ok: true });
    expect(parseJsonStrict('['.repeat(1001) + ']'.repeat(1001))).toMatchObject({
      ok: false,
      problem: { code: 'input.too_deep', column: 1001 },
    });
  });
});
