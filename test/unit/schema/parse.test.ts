import { describe, expect, it } from 'vitest';
import { ParseFailure } from '../../../src/schema/errors.js';
import { decodeText, parsePackText } from '../../../src/schema/parse.js';
import { expectWithin } from '../../helpers/hang-guard.js';

const failure = (fn: () => unknown): ParseFailure => {
  try {
    fn();
  } catch (error) {
    if (error instanceof ParseFailure) return error;
    throw error;
  }
  throw new Error('expected a ParseFailure');
};

const pick = (f: ParseFailure) => [f.code, f.file, f.line, f.column];

const billionLaughs = [
  'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
  'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
  'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
  'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]',
  'e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]',
  'f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]',
  'g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]',
  'h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]',
  'i: [*h,*h,*h,*h,*h,*h,*h,*h,*h]',
].join('\n');

describe('parsePackText', () => {
  it('locates keys and values (1-based) by JSON-pointer segments', () => {
    const doc = parsePackText('pack:\n  name: x\npolicies:\n  chain:\n    - rbac\n    - "dlp-filter"\n', 'p.yaml');
    expect(doc.locate(['pack', 'name'], 'key')).toEqual({ line: 2, column: 3 });
    expect(doc.locate(['pack', 'name'])).toEqual({ line: 2, column: 9 });
    expect(doc.locate(['policies', 'chain', '1'])).toEqual({ line: 6, column: 7 });
    // Missing tail: the deepest node that exists.
    expect(doc.locate(['policies', 'nope', 'x'])).toEqual({ line: 4, column: 3 });
    expect(doc.lineText(5)).toBe('    - rbac');
  });

  it('reads JSON (a YAML 1.2 subset) with positions', () => {
    const doc = parsePackText('{\n  "pack": {"name": "x"}\n}\n', 'p.json');
    expect(doc.value).toEqual({ pack: { name: 'x' } });
    expect(doc.locate(['pack', 'name'])).toEqual({ line: 2, column: 20 });
  });

  it('points an unclosed [ or { at the bracket, not where yaml noticed it (the next line)', () => {
    const cases: Array<[string, string, number, number]> = [
      ['policies:\n  chain: [pii-detector\npolicy:\n  pii-detector: {}\n', 'this [ is never closed with ]', 2, 10],
      ['a: {b: 1, c: [1, 2]\nd: 2\n', 'this { is never closed with }', 1, 4],
      ['a: [1, {b: 2]\n', 'this { is never closed with }', 1, 8],
      ['a: [\n', 'this [ is never closed with ]', 1, 4],
    ];
    for (const [text, message, line, column] of cases) {
      const f = failure(() => parsePackText(text, 'p.yaml'));
      expect([f.code, f.message, f.line, f.column], text).toEqual(['input.yaml_syntax', message, line, column]);
    }
    // Other syntax errors keep yaml's words and place.
    const other = failure(() => parsePackText('a: b: c\n', 'p.yaml'));
    expect([other.code, other.message]).toEqual([
      'input.yaml_syntax',
      'Nested mappings are not allowed in compact mappings',
    ]);
  });

  it('rejects duplicate keys with the key name and position', () => {
    const f = failure(() => parsePackText('pack:\n  name: a\n  name: b\n', 'dup.yaml'));
    expect(f.code).toBe('input.duplicate_key');
    // Where the first one is too, as a JSON payload's duplicate says it.
    expect(f.message).toBe(
      "duplicate key 'name' (first at line 2, column 3); a repeated key would silently override the first",
    );
    expect([f.file, f.line, f.column]).toEqual(['dup.yaml', 3, 3]);
  });

  it('refuses a billion-laughs document quickly, before expanding it', () => {
    const f = expectWithin(2000, () => failure(() => parsePackText(billionLaughs, 'lol.yaml')));
    expect(f.code).toBe('input.alias_limit');
  });

  it('locates the alias where the expansion limit is passed', () => {
    // d's first *c: c's nine uses of b (each nine of a) times d's uses pass 100 there.
    expect(pick(failure(() => parsePackText(billionLaughs, 'lol.yaml')))).toEqual([
      'input.alias_limit',
      'lol.yaml',
      4,
      8,
    ]);
    // 101 uses of one scalar anchor: the 100th alias is the one over the limit (count starts at 1).
    const wide = `a: &a x\nb:\n${'  - *a\n'.repeat(120)}`;
    expect(pick(failure(() => parsePackText(wide, 'wide.yaml')))).toEqual(['input.alias_limit', 'wide.yaml', 102, 5]);
    expect(parsePackText(`a: &a x\nb:\n${'  - *a\n'.repeat(99)}`, 'ok.yaml').value).toBeDefined();
  });

  it('locates an alias without an anchor before it (a syntax error, not an alias bomb)', () => {
    const f = failure(() => parsePackText('pack:\n  name: *nope\n', 'u.yaml'));
    expect(pick(f)).toEqual(['input.yaml_syntax', 'u.yaml', 2, 9]);
    expect(f.message).toBe('alias *nope has no anchor &nope before it');
  });

  it('locates nesting that aliases make too deep, and a self-referencing anchor', () => {
    const nest = (n: number, inner: string) => `${'['.repeat(n)}${inner}${']'.repeat(n)}`;
    const text = `pack: {name: x}\na: &a ${nest(40, '1')}\nb: ${nest(40, '*a')}\n`;
    expect(pick(failure(() => parsePackText(text, 'd.yaml')))).toEqual(['input.too_deep', 'd.yaml', 3, 44]);
    expect(pick(failure(() => parsePackText('pack: {name: x}\nloop: &l [1, *l]\n', 'r.yaml')))).toEqual([
      'input.too_deep',
      'r.yaml',
      2,
      14,
    ]);
  });

  it('rejects a key repeated through an alias, at the alias', () => {
    const f = failure(() => parsePackText('names: [&n name]\npack:\n  name: a\n  *n : b\n', 'k.yaml'));
    expect(pick(f)).toEqual(['input.duplicate_key', 'k.yaml', 4, 3]);
    expect(f.message).toBe(
      "duplicate key 'name' (through an alias) (first at line 3, column 3); a repeated key would silently override the first",
    );
  });

  it('locates duplicate keys in flow mappings and JSON', () => {
    expect(pick(failure(() => parsePackText('pack: {name: x, name: y}\n', 'f.yaml')))).toEqual([
      'input.duplicate_key',
      'f.yaml',
      1,
      17,
    ]);
    expect(pick(failure(() => parsePackText('{"a": 1,\n "a": 2}\n', 'j.json')))).toEqual([
      'input.duplicate_key',
      'j.json',
      2,
      2,
    ]);
  });

  it('finds the first duplicate in document order, and stays linear on huge mappings', () => {
    // The outer mapping's duplicate comes after the nested one: the nested one is reported.
    expect(pick(failure(() => parsePackText('a: 1\nsub: {x: 1, x: 2}\na: 2\n', 'o.yaml')))).toEqual([
      'input.duplicate_key',
      'o.yaml',
      2,
      13,
    ]);
    // yaml's own check compared every key with every earlier one: 13 s for this mapping.
    const keys = Array.from({ length: 30_000 }, (_, i) => `k${i}: ${i}\n`).join('');
    const f = expectWithin(5_000, () => failure(() => parsePackText(`${keys}k7: again\n`, 'big.yaml')));
    expect(pick(f)).toEqual(['input.duplicate_key', 'big.yaml', 30_001, 1]);
  });

  it('refuses deep flow nesting before the parser recurses', () => {
    const deep = `a: ${'['.repeat(200_000)}${']'.repeat(200_000)}\n`;
    const f = failure(() => parsePackText(deep, 'deep.yaml'));
    expect(f.code).toBe('input.too_deep');
    expect(f.line).toBe(1);
  });

  it('refuses deep block nesting', () => {
    let text = '';
    for (let i = 0; i < 80; i++) text += `${' '.repeat(i)}k${i}:\n`;
    text += `${' '.repeat(80)}v: 1\n`;
    expect(failure(() => parsePackText(text, 'deep.yaml')).code).toBe('input.too_deep');
  });

  it('refuses a thousand indented levels before the parser runs out of stack', () => {
    let text = '';
    for (let i = 0; i < 1400; i++) text += `${' '.repeat(i)}k${i}:\n`;
    const f = failure(() => parsePackText(text, 'deep.yaml'));
    expect(f.code).toBe('input.too_deep');
    expect(f.line).toBe(65);
  });

  it('counts compact nested sequences as levels, and locates the one past the limit', () => {
    expect(failure(() => parsePackText(`a:\n  ${'- '.repeat(70)}x\n`, 'c.yaml')).code).toBe('input.too_deep');
    expect(parsePackText(`a:\n  ${'- '.repeat(10)}x\n`, 'c.yaml').value).toBeDefined();
    // The mapping is level 1 and the first '-' level 2: 63 of them reach 64, the 64th (column 129) passes it.
    expect(parsePackText(`a:\n  ${'- '.repeat(63)}x\n`, 'c.yaml').value).toBeDefined();
    expect(pick(failure(() => parsePackText(`a:\n  ${'- '.repeat(64)}x\n`, 'c.yaml')))).toEqual([
      'input.too_deep',
      'c.yaml',
      2,
      129,
    ]);
  });

  it('ignores brackets inside quoted strings and comments when checking depth', () => {
    const text = `a: "${'['.repeat(500)}"\nb: '${'{'.repeat(500)}' # ${'['.repeat(500)}\n`;
    expect(parsePackText(text, 'q.yaml').value).toEqual({ a: '['.repeat(500), b: '{'.repeat(500) });
  });

  it('does not count brackets inside block scalars', () => {
    const text = `pack:\n  description: |\n    ${'['.repeat(200)}\n    more text {{{\n  name: x\n`;
    expect(parsePackText(text, 'b.yaml').value).toEqual({
      pack: { description: `${'['.repeat(200)}\nmore text {{{\n`, name: 'x' },
    });
  });

  it('reports YAML syntax errors on one line with a position', () => {
    const f = failure(() => parsePackText('pack:\n  name: [unclosed\n', 'bad.yaml'));
    expect(f.code).toBe('input.yaml_syntax');
    expect(f.message).not.toContain('\n');
    expect(f.line).toBeGreaterThanOrEqual(2);
  });

  it('refuses tags a pack cannot hold, at the tag, instead of reading bytes, sets, dates or strings', () => {
    const tagged = (value: string) => failure(() => parsePackText(`pack:\n  name: ${value}\n`, 't.yaml'));
    for (const [value, name] of [
      ['!!binary aGVsbG8=', '!!binary'],
      ['!!set {a, b}', '!!set'],
      ['!!omap [{a: 1}]', '!!omap'],
      ['!!timestamp 2001-12-14', '!!timestamp'],
      ['!!js/function "function () {}"', '!!js/function'],
      ['!custom x', '!custom'],
      ['!!float 1', '!!float'],
    ]) {
      const f = tagged(value!);
      expect([...pick(f), f.message.split(':')[0]]).toEqual([
        'input.yaml_tag',
        't.yaml',
        2,
        9,
        `YAML tag ${name} is not supported`,
      ]);
    }
    // The core tags on values they fit are plain data.
    expect(
      parsePackText('a: !!str 010\nb: !!int "12"\nc: !!float 1.5\nd: !!bool true\ne: !!null\nf: !!seq [1]\n', 't.yaml')
        .value,
    ).toEqual({ a: '010', b: 12, c: 1.5, d: true, e: null, f: [1] });
  });

  it('rejects empty documents and non-mappings', () => {
    expect(failure(() => parsePackText('# only a comment\n', 'e.yaml')).code).toBe('input.empty');
    expect(failure(() => parsePackText('- a\n- b\n', 'l.yaml')).message).toContain('found a list');
    expect(failure(() => parsePackText('hello\n', 's.yaml')).code).toBe('input.not_a_pack');
  });

  it("rejects multi-document streams in kt's words, at the start of the second document", () => {
    const one = 'a pack file holds one YAML document; this one has another starting here';
    const f = failure(() => parsePackText('pack: {name: x, version: 1.0.0}\n---\npack: {name: y}\n', 'm.yaml'));
    expect([...pick(f), f.message]).toEqual(['input.yaml_syntax', 'm.yaml', 2, 1, `${one} (---)`]);
    // A leading `---` opens the first document; the second one is the next marker.
    expect(pick(failure(() => parsePackText('---\na: 1\n---\nb: 2\n', 'm.yaml')))).toEqual([
      'input.yaml_syntax',
      'm.yaml',
      3,
      1,
    ]);
    // After an end marker (`...`) a document may start without `---`: no marker to name then.
    const ended = failure(() => parsePackText('a: 1\n...\nb: 2\n', 'm.yaml'));
    expect([ended.line, ended.column, ended.message]).toEqual([3, 1, one]);
    expect(parsePackText('a: 1\n...\n# only a comment after the end\n', 'm.yaml').value).toEqual({ a: 1 });
  });
});

describe('decodeText', () => {
  const bytes = (...parts: Array<string | number[]>) =>
    Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : Buffer.from(p))));

  it('reports binary data with the NUL offset and line', () => {
    const f = failure(() => decodeText(bytes('a: 1\nb: ', [0, 1, 2]), 'bin.yaml'));
    expect(f.code).toBe('input.binary');
    expect([f.line, f.column]).toEqual([2, 4]);
    expect(f.message).toContain('offset 8');
  });

  it('reports invalid UTF-8 with the first bad byte', () => {
    const f = failure(() => decodeText(bytes('pack:\n  name: caf', [0xc3, 0x28], '\n'), 'bad.yaml'));
    expect(f.code).toBe('input.encoding');
    expect(f.message).toContain('offset 17');
    expect([f.line, f.column]).toEqual([2, 12]);
  });

  it('counts the column of a bad byte in UTF-16 code units like every other position, not in bytes', () => {
    // `é` is two bytes, one column; `😀` is four bytes, two UTF-16 code units (what SARIF's columnKind says).
    const bad = failure(() => decodeText(bytes('pack:\n  name: "ééé', [0xff], '"\n'), 'bad.yaml'));
    expect([bad.line, bad.column]).toEqual([2, 13]);
    const nul = failure(() => decodeText(bytes('a: "😀', [0], '"\n'), 'nul.yaml'));
    expect([nul.code, nul.line, nul.column]).toEqual(['input.binary', 1, 7]);
    // A byte-order mark is not part of the text, so it takes no column.
    const bom = failure(() => decodeText(bytes([0xef, 0xbb, 0xbf], 'a: ', [0xff]), 'bom.yaml'));
    expect([bom.line, bom.column]).toEqual([1, 4]);
  });

  it('rejects overlong encodings and UTF-16', () => {
    expect(failure(() => decodeText(bytes('a: ', [0xc0, 0xaf]), 'o.yaml')).code).toBe('input.encoding');
    expect(failure(() => decodeText(bytes([0xff, 0xfe], 'a'), 'u16.yaml')).message).toContain('UTF-16');
  });

  it('strips a UTF-8 byte-order mark and keeps valid multi-byte text', () => {
    expect(decodeText(bytes([0xef, 0xbb, 0xbf], 'a: café ✓'), 'ok.yaml')).toBe('a: café ✓');
  });

  it('compares keys as the names they become: 1 and "1", true and "true", null and "" are one key', () => {
    // yaml reads the pack into an object, where {1: a, "1": b} is {"1": "b"}: the first was overridden unseen.
    for (const [text, key, column] of [
      ['m: {1: a, "1": b}\n', '1', 11],
      ['m: {"true": c, true: d}\n', 'true', 16],
      ['m: {null: e, "": f}\n', '', 14],
      ['m: {1e0: g, 1: h}\n', '1', 13],
    ] as const) {
      const f = failure(() => parsePackText(text, 't.yaml'));
      expect(pick(f)).toEqual(['input.duplicate_key', 't.yaml', 1, column]);
      expect(f.message).toContain(`duplicate key '${key}' (first at line 1, column 5)`);
    }
    expect(() => parsePackText('m: {1: a, "01": b, 1.5: c, "1.50": d}\n', 't.yaml')).not.toThrow();
  });

  it('refuses a key that is a list or a mapping, at the key', () => {
    const list = failure(() => parsePackText('pack: {name: x}\n? [a, b]\n: 1\n', 'c.yaml'));
    expect(pick(list)).toEqual(['input.yaml_syntax', 'c.yaml', 2, 3]);
    expect(list.message).toBe('a mapping key must be text or a number, not a list: a pack holds plain data');
    const map = failure(() => parsePackText('k: &m {a: 1}\nm: {*m : 1}\n', 'c.yaml'));
    expect(pick(map)).toEqual(['input.yaml_syntax', 'c.yaml', 2, 5]);
    expect(map.message).toBe('a mapping key must be text or a number, not a mapping: a pack holds plain data');
  });
});
