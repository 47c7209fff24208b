import { createHash, createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileLinearRegex } from '../../../../src/core/detectors/linear-regex.js';
import { boundedLevenshtein, prepareTermMatcher } from '../../../../src/core/detectors/fuzzy-terms.js';
import { compileDenyGlobs, compileGlobs, shownName, toolKeys } from '../../../../src/core/detectors/tool-glob.js';
import { hmacSha256, sha256Hex, toHex } from '../../../../src/core/detectors/keyed-hash.js';
import { applyReplacements, markerFor, maskedPreview } from '../../../../src/core/detectors/redaction.js';
import { extractTexts, extractToolCalls, Workspace } from '../../../../src/core/detectors/payload-text.js';
import { re2jsSpans } from '../../../helpers/re2js-reference.js';
import { expectWithin } from '../../../helpers/hang-guard.js';

describe('linear-time regex wrapper', () => {
  const patterns = [
    '(sk-[a-zA-Z0-9]{48}|AKIA[A-Z0-9]{16}|ghp_[a-zA-Z0-9]{36})',
    '[a-z0-9-]+\\.internal\\.yourco\\.com',
    'arn:aws:[a-z0-9-]+:[a-z0-9-]*:\\d{12}:',
    '\\b[A-Z]{2}\\d{6,10}\\b',
    'ab+c',
    '(?i)secret',
    'x*',
    '^AB',
    'é+[ß]',
  ];
  const alphabet = fc.constantFrom(
    ...'aAbBcCxXzZ09 .-:_é ßskIAKGHPhp\nBCDEFGHIJKLMNOP123456789'.split(''),
    'AKIA',
    'ghp_',
    '.internal.yourco.com',
    'arn:aws:',
    'secret',
    'SeCrEt',
  );
  it.each(patterns)('matches exactly what re2js matches on the whole text: %s', (source) => {
    const compiled = compileLinearRegex(source);
    if (!compiled.ok) throw new Error(compiled.error);
    fc.assert(
      fc.property(
        fc.array(alphabet, { maxLength: 80 }).map((a) => a.join('')),
        (text) => {
          expect(compiled.regex.findAll(text).map((s) => [s.start, s.end])).toEqual(
            re2jsSpans(source, text).map((s) => [s.start, s.end]),
          );
        },
      ),
      { numRuns: 300 },
    );
  });

  it('stays linear on inputs that make backtracking engines explode', () => {
    const compiled = compileLinearRegex('(a+)+$');
    if (!compiled.ok) throw new Error(compiled.error);
    const evil = `${'a'.repeat(200_000)}!`;
    expect(expectWithin(5000, () => compiled.regex.findAll(evil))).toEqual([]);
  });

  it('rejects invalid syntax and backreferences instead of throwing', () => {
    expect(compileLinearRegex('(a').ok).toBe(false);
    expect(compileLinearRegex('(a)\\1').ok).toBe(false);
  });
});

describe('fuzzy terms', () => {
  it('computes bounded Levenshtein distances', () => {
    expect(boundedLevenshtein('kitten', 'sitting', 3)).toBe(3);
    expect(boundedLevenshtein('kitten', 'sitting', 1)).toBe(2);
    expect(boundedLevenshtein('same', 'same', 0)).toBe(0);
  });
  it('matches whole words case-insensitively, with the edit budget', () => {
    const exact = prepareTermMatcher(['internal roadmap'], 0);
    expect(exact.scan('Share the INTERNAL   Roadmap now').map((m) => [m.start, m.end])).toEqual([[10, 28]]);
    expect(exact.scan('internal roadmaps')).toEqual([]);
    expect(prepareTermMatcher(['internal roadmap'], 1).scan('the internal roadmaps')).toHaveLength(1);
    expect(prepareTermMatcher(['cat'], 1).scan('a bat')).toEqual([]);
  });
  it('finds a term quoted, hyphenated or possessive, as grep -w would', () => {
    const text = "codename 'Bluebird', -bluebird, Bluebird's launch, bluebirds";
    const spans = prepareTermMatcher(['bluebird'], 0)
      .scan(text)
      .map((m) => text.slice(m.start, m.end));
    expect(spans).toEqual(['Bluebird', 'bluebird', 'Bluebird']);
  });
  it('matches terms that hold punctuation (c++, AT&T, node.js, .NET, #internal)', () => {
    const text = 'we use Node.js, .NET, C++ and #internal at AT&T; not c+ or .network or nodejs';
    const spans = prepareTermMatcher(['node.js', '.net', 'c++', '#internal', 'at&t'], 0)
      .scan(text)
      .map((m) => text.slice(m.start, m.end));
    expect(spans).toEqual(['Node.js', '.NET', 'C++', '#internal', 'AT&T']);
  });
  it('keeps whole words and fuzziness when lower-casing changes the length (Turkish dotted I)', () => {
    const text = 'İstanbul titanic TİTAN';
    const exact = prepareTermMatcher(['titan'], 0).scan(text);
    expect(exact.map((m) => text.slice(m.start, m.end))).toEqual(['TİTAN']);
    expect(prepareTermMatcher(['confidential'], 1).scan('İ confidentail')).toHaveLength(0);
    expect(prepareTermMatcher(['confidential'], 1).scan('İ c0nfidential')).toHaveLength(1);
  });
});

describe('tool globs', () => {
  it('matches * and ? without backtracking blow-up', () => {
    const m = compileGlobs(['code_*', 'read_?', 'exact']);
    expect(['code_search', 'code_', 'read_x', 'exact'].map(m)).toEqual([true, true, true, true]);
    expect(['codesearch', 'read_xy', 'exactly'].map(m)).toEqual([false, false, false]);
    const evil = compileGlobs(['*a*a*a*a*a*a*a*b']);
    expect(expectWithin(2000, () => evil('a'.repeat(5000)))).toBe(false);
  });

  it('deny lists block a denied name however it is disguised: look-alike letters, invisible characters, a namespace', () => {
    const cyrillic: Record<string, string> = {
      a: '\u0430',
      c: '\u0441',
      e: '\u0435',
      o: '\u043e',
      p: '\u0440',
      x: '\u0445',
    };
    const word = fc.stringMatching(/^[a-z]{1,8}$/);
    fc.assert(
      fc.property(
        fc.array(word, { minLength: 1, maxLength: 3 }),
        fc.nat(),
        fc.constantFrom('\u200b', '\u00ad', '\u2060', '\ufeff'),
        fc.constantFrom('', 'mcp__server__', 'server.', 'server/'),
        (words, at, invisible, namespace) => {
          const name = words.join('_');
          const deny = compileDenyGlobs([name]);
          const swapped = [...name].map((ch) => cyrillic[ch] ?? ch).join('');
          const k = at % (name.length + 1);
          const hidden = `${swapped.slice(0, k)}${invisible}${swapped.slice(k)}`;
          expect(deny(`${namespace}${hidden}`)).toBe(true);
          expect(deny(`${namespace}${name.toUpperCase()}`)).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("toolKeys: a key is its own key, and a disguised or namespaced name's own name is the plain one", () => {
    const word = fc.stringMatching(/^[a-z]{1,8}$/);
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 40 }),
        fc.array(word, { minLength: 1, maxLength: 3 }),
        fc.constantFrom('', 'mcp__server__', 'server.', 'server/', 'a:'),
        fc.constantFrom('\u200b', '\u00ad', '-', ' ', '_'),
        (any, words, namespace, noise) => {
          // Idempotent: the gateway's ledger stores keys, which agent-firewall reads again as names.
          const { whole, own } = toolKeys(any);
          expect(toolKeys(whole)).toEqual({ whole, own });
          const name = words.join('_');
          const plain = toolKeys(name).whole;
          const disguised = `${namespace}${words.map((w) => w.toUpperCase()).join(noise)}`;
          expect(toolKeys(disguised).own).toBe(plain);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('keyed hash', () => {
  it('agrees with node:crypto', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (key, msg) => {
        expect(sha256Hex(msg)).toBe(createHash('sha256').update(msg, 'utf8').digest('hex'));
        expect(toHex(hmacSha256(key, msg))).toBe(
          createHmac('sha256', Buffer.from(key, 'utf8')).update(msg, 'utf8').digest('hex'),
        );
      }),
      { numRuns: 200 },
    );
    const long = 'k'.repeat(200);
    expect(toHex(hmacSha256(long, 'm'))).toBe(createHmac('sha256', long).update('m').digest('hex'));
  });
});

describe('redaction', () => {
  it('formats markers', () => {
    expect(markerFor('a@b.co', 'email', { format: 'label' })).toBe('[EMAIL_REDACTED]');
    expect(markerFor('a@b.co', 'email', { format: 'asterisks' })).toBe('******');
    expect(markerFor('123456789', 'ssn', { format: 'partial' })).toBe('*****6789');
    expect(markerFor('1234', 'x', { format: 'partial' })).toBe('****');
    expect(markerFor('v', 'internal-hostnames', { format: 'label' })).toBe('[INTERNAL_HOSTNAMES_REDACTED]');
  });
  it('merges overlapping spans and never reveals values in previews', () => {
    expect(
      applyReplacements(
        'abcdefgh',
        [
          { start: 1, end: 4, type: 'a' },
          { start: 3, end: 6, type: 'b' },
        ],
        { format: 'label' },
      ),
    ).toBe('a[A_REDACTED]gh');
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 200 }), (v) => {
        const p = maskedPreview(v);
        if (v.length > 4) expect(p).not.toBe(v);
        expect(p.length).toBeLessThanOrEqual(16);
      }),
    );
  });
});

describe('payload text and workspace', () => {
  const payload = {
    messages: [
      { role: 'system', content: 'sys' },
      {
        role: 'user',
        content: [
          { type: 'text', text: 'part a' },
          { type: 'image_url', image_url: { url: 'x' } },
        ],
      },
      {
        role: 'assistant',
        content: null,
        tool_calls: [{ id: '1', type: 'function', function: { name: 'search', arguments: '{"q":"x"}' } }],
      },
    ],
    tools: [{ type: 'function', function: { name: 'execute_code' } }],
    upstream_response: { choices: [{ message: { role: 'assistant', content: 'answer' } }] },
  };
  it('lists texts with JSON pointers', () => {
    expect(extractTexts(payload, 'request').map((s) => s.path)).toEqual([
      '/messages/0/content',
      '/messages/1/content/0/text',
      '/messages/2/tool_calls/0/function/arguments',
    ]);
    expect(extractTexts(payload, 'request-untrusted').map((s) => s.path)).not.toContain('/messages/0/content');
    expect(extractTexts(payload, 'response').map((s) => s.path)).toEqual([
      '/upstream_response/choices/0/message/content',
    ]);
    expect(extractToolCalls(payload, false).map((t) => `${t.source}:${t.name}`)).toEqual([
      'declared:execute_code',
      'call:search',
    ]);
  });
  it('copies on write only along the edited path', () => {
    const ws = new Workspace(payload);
    ws.setText(['messages', 1, 'content', 0, 'text'], 'changed');
    expect(payload.messages[1]!.content).toEqual([
      { type: 'text', text: 'part a' },
      { type: 'image_url', image_url: { url: 'x' } },
    ]);
    const out = ws.payload as typeof payload;
    expect((out.messages[1]!.content as Array<{ text?: string }>)[0]!.text).toBe('changed');
    expect(out.messages[0]).toBe(payload.messages[0]);
    expect(out.upstream_response).toBe(payload.upstream_response);
  });
});

describe('tool actions in other request shapes', () => {
  it('reads legacy functions, function_call and tool_use parts', () => {
    const p = {
      functions: [{ name: 'old_declared' }],
      messages: [
        { role: 'assistant', content: null, function_call: { name: 'old_call', arguments: '{"a":1}' } },
        { role: 'assistant', content: [{ type: 'tool_use', id: 't1', name: 'shell_command', input: { cmd: 'ls' } }] },
      ],
    };
    const calls = extractToolCalls(p, false);
    expect(calls.map((c) => `${c.source}:${c.name}:${c.path}`)).toEqual([
      'declared:old_declared:/functions/0/name',
      'call:old_call:/messages/0/function_call/name',
      'call:shell_command:/messages/1/content/0/name',
    ]);
    expect(calls[2]!.args).toEqual({ cmd: 'ls' });
  });
});

describe('texts in other request shapes', () => {
  it('reads tool_result parts and an input list', () => {
    const p = {
      messages: [
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: 't1', content: 'result a' },
            { type: 'tool_result', content: [{ type: 'text', text: 'result b' }] },
          ],
        },
      ],
      input: [{ role: 'user', content: 'from input' }],
    };
    expect(extractTexts(p, 'request').map((s) => `${s.path}=${s.text}`)).toEqual([
      '/messages/0/content/0/content=result a',
      '/messages/0/content/1/content/0/text=result b',
      '/input/0/content=from input',
    ]);
  });
});

describe('scan memo', () => {
  /** A memo over a scan that counts its calls (calls.n). */
  async function countingMemo(options: { maxEntries: number; maxTextLength: number; minTextLength?: number }) {
    const { memoizeScan } = await import('../../../../src/core/detectors/scan-cache.js');
    const calls = { n: 0 };
    const scan = memoizeScan((t: string) => {
      calls.n++;
      return t.length;
    }, options);
    return { scan, calls };
  }

  it('returns the same results, evicts least recently used entries and skips long texts', async () => {
    const { scan, calls } = await countingMemo({ maxEntries: 2, maxTextLength: 5 });
    expect([scan('a'), scan('bb'), scan('a')]).toEqual([1, 2, 1]);
    expect(calls.n).toBe(2);
    scan('ccc'); // evicts 'bb' (least recently used), keeps 'a'
    scan('a');
    expect(calls.n).toBe(3);
    scan('bb');
    expect(calls.n).toBe(4);
    scan('longer text');
    scan('longer text');
    expect(calls.n).toBe(6);
  });

  it('with weigh and maxWeight, keeps results up to a total weight: oldest go first, one too heavy is not kept', async () => {
    const { memoizeScan } = await import('../../../../src/core/detectors/scan-cache.js');
    const calls = { n: 0 };
    const scan = memoizeScan(
      (t: string) => {
        calls.n++;
        return Array.from(t, (ch) => ch);
      },
      { maxEntries: 100, maxTextLength: 100, weigh: (r) => r.length, maxWeight: 6 },
    );
    scan('aaa');
    scan('bbb'); // weight 6: both kept
    scan('aaa');
    expect(calls.n).toBe(2);
    scan('cc'); // weight 8 > 6: the least recently used ('bbb') goes
    scan('aaa');
    scan('cc');
    expect(calls.n).toBe(3);
    scan('bbb');
    expect(calls.n).toBe(4);
    scan('ddddddd'); // heavier than the bound alone: scanned, not kept, nothing evicted for it
    scan('ddddddd');
    expect(calls.n).toBe(6);
    scan('bbb');
    expect(calls.n).toBe(6);
  });

  it('with minTextLength, scans shorter texts every time and still caches the rest', async () => {
    const { scan, calls } = await countingMemo({ maxEntries: 4, maxTextLength: 100, minTextLength: 3 });
    expect([scan('ab'), scan('ab')]).toEqual([2, 2]);
    expect(calls.n).toBe(2);
    expect([scan('abcd'), scan('abcd')]).toEqual([4, 4]);
    expect(calls.n).toBe(3);
  });

  it('shownName cuts a long name between characters, never inside a surrogate pair', () => {
    // An emoji across the cut: shown whole or not at all, never as half a pair (\u{d83d}).
    for (const before of [62, 63]) {
      const name = `${'a'.repeat(before)}\u{1f600}${'b'.repeat(40)}`;
      const shown = shownName(name);
      expect(shown).not.toMatch(/\\u\{d[89a-f][0-9a-f]{2}\}/);
      expect(shown).toContain(`(${name.length} characters)`);
    }
    expect(shownName(`${'a'.repeat(62)}\u{1f600}`)).toBe(`${'a'.repeat(62)}\\u{1f600}`);
  });
});
