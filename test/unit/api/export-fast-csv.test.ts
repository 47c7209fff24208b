/**
 * The fast CSV route (src/api/export-fast-csv.ts) against the JSON.parse route (convertParsedPage):
 * for any page text, either the fast route declines (undefined) or it gives the same bytes, count and
 * cursor, and every event of the page passes the full EventRecord schema (ajv). Pages are written as
 * text by hand so the generator reaches what JSON.stringify never writes: other number spellings
 * (1.0, 1e3, -0, 1e400), escapes, whitespace, other field orders, extra and missing fields.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { BufferPool } from '../../../src/api/export-buffers.js';
import { fastCsvChunks, fastCsvPage } from '../../../src/api/export-fast-csv.js';
import { convertChunks, convertPage, convertParsedPage } from '../../../src/api/export-pages.js';
import { schemaCheck } from '../../../src/api/openapi.js';
import { makeEvent } from '../../helpers/fake-gateway.js';

let eventCheck: (e: unknown) => void;
beforeAll(async () => {
  eventCheck = await schemaCheck('EventRecord');
});

// JSON values as text. Each field is mostly a value the fast route can take, so that whole events reach it,
// and now and then something it must decline or print differently: text needing quoting or
// neutralising, escapes, numbers in other spellings (1.0, 1e3, -0, 1e400), a value of the wrong type.
const plainText = fc.stringMatching(/^[a-z][a-z0-9._ /-]{0,15}$/).map((s) => JSON.stringify(s));
const trickyText = fc
  .oneof(
    fc.string(),
    fc.string({ unit: 'binary' }),
    fc.constantFrom('=SUM(A1)', '-1', '+x', '@a', '\tx', '\rx', 'a,b', 'say "hi"', 'a\nb', 'a\\b', '', 'é ünï 😀'),
  )
  .map((s) => JSON.stringify(s));
const escapedText = fc.constantFrom('"\\u0041bc"', '"a\\/b"', '"\\t"', '"\\u00e9"');
const wrongType = fc.constantFrom('null', '3', 'true', '{}', '[]', '"x"');
const mostly = (usual: fc.Arbitrary<string>, ...rare: Array<fc.Arbitrary<string>>) =>
  fc.oneof({ weight: 60, arbitrary: usual }, ...rare.map((arbitrary) => ({ weight: 1, arbitrary })));
const text = mostly(plainText, trickyText, escapedText, wrongType);
const numberText = mostly(
  fc.integer({ min: -1000, max: 1_000_000 }).map(String),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((d) => JSON.stringify(d)),
  fc.constantFrom(
    '1.0',
    '1e3',
    '-0',
    '1E+2',
    '0.5',
    '1e400',
    '-1e400',
    '12345678901234567890',
    '4.35e-7',
    '999999999999999',
    '-999999999999999',
    '1000000000000000',
    '9007199254740993',
    '0e0',
    '10',
    `1${'0'.repeat(400)}`,
  ),
  wrongType,
);
const hexText = mostly(
  fc.stringMatching(/^[0-9a-f]{64}$/),
  fc.constantFrom('abc', `${'0'.repeat(63)}G`, `${'0'.repeat(63)}A`),
).map((s) => (s.startsWith('"') ? s : `"${s}"`));
const idText = mostly(
  fc.stringMatching(/^evt_[0-9A-HJKMNP-TV-Z]{26}$/),
  fc.constantFrom('evt_1', `evt_${'I'.repeat(26)}`),
).map((s) => `"${s}"`);
const verdictText = mostly(
  fc.constantFrom('"allow"', '"block"', '"redact"', '"escalate"'),
  fc.constantFrom('"skipped"', '"Block"', '""'),
  wrongType,
);
const orNull = (a: fc.Arbitrary<string>) =>
  fc.oneof({ weight: 4, arbitrary: a }, { weight: 1, arbitrary: fc.constant('null') });

type Member = [string, string];
const object = (members: fc.Arbitrary<Member[]>) =>
  members.map((ms) => `{${ms.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',')}}`);
const fixed = (entries: Array<[string, fc.Arbitrary<string>]>) =>
  fc.tuple(...entries.map(([k, v]) => v.map((value): Member => [k, value])));
const array = (item: fc.Arbitrary<string>) => fc.array(item, { maxLength: 3 }).map((items) => `[${items.join(',')}]`);

const policyText = object(
  fixed([
    ['name', text],
    ['kind', text],
    ['phase', text],
    ['verdict', fc.oneof(verdictText, fc.constantFrom('"skipped"', '"error"'))],
    ['reason_code', orNull(text)],
    ['duration_us', numberText],
  ]),
);
const redactionText = object(
  fixed([
    ['type', text],
    ['count', numberText],
  ]),
);

const contractMembers = fixed([
  ['id', idText],
  ['timestamp', text],
  ['event_type', text],
  ['verdict', verdictText],
  ['reason_code', text],
  [
    'pack',
    mostly(
      object(
        fixed([
          ['name', text],
          ['version', text],
        ]),
      ),
      wrongType,
    ),
  ],
  ['config_hash', text],
  ['policies', mostly(array(policyText), wrongType)],
  ['model', orNull(text)],
  ['provider', orNull(text)],
  ['gateway_id', text],
  [
    'identity',
    mostly(
      object(
        fixed([
          ['user', orNull(text)],
          ['role', orNull(text)],
          ['team', orNull(text)],
        ]),
      ),
      wrongType,
    ),
  ],
  ['request_id', text],
  ['latency_ms', numberText],
  [
    'tokens',
    mostly(
      object(
        fixed([
          ['input', numberText],
          ['output', numberText],
        ]),
      ),
      wrongType,
    ),
  ],
  ['redactions', mostly(array(redactionText), wrongType)],
  ['prev_hash', hexText],
  ['hash', hexText],
]);

// upstream_status: mostly a status the schema allows (an integer 100-599), now and then one it does not
// or one written in another spelling (the fast route must decline both).
const upstreamStatusText = mostly(
  fc.integer({ min: 100, max: 599 }).map(String),
  fc.constantFrom('99', '600', '0', '-503', '503.0', '5.03e2', '0503', '"503"'),
  wrongType,
);

// Mostly the contract's layout; sometimes with prompt_hash and upstream_status, a field dropped, swapped or
// duplicated, or an extra one.
const eventMembers = fc
  .tuple(
    contractMembers,
    fc.option(text, { freq: 2 }),
    fc.oneof({ weight: 4, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: upstreamStatusText }),
    fc.boolean(),
    fc.nat({ max: 40 }),
    fc.nat({ max: 16 }),
  )
  .map(([members, promptHash, upstreamStatus, appendStatus, mutation, at]) => {
    const ms: Member[] = [...members];
    // prompt_hash where the contract (and kt gateway run) puts it, before prev_hash, or appended.
    if (promptHash !== null) ms.splice(mutation % 2 === 0 ? 16 : ms.length, 0, ['prompt_hash', promptHash]);
    // upstream_status likewise: after prompt_hash and before prev_hash, or appended.
    if (upstreamStatus !== null)
      ms.splice(appendStatus ? ms.length : ms.findIndex(([k]) => k === 'prev_hash'), 0, [
        'upstream_status',
        upstreamStatus,
      ]);
    if (mutation === 0) ms.splice(at, 1);
    else if (mutation === 1) [ms[at], ms[at + 1]] = [ms[at + 1]!, ms[at]!];
    else if (mutation === 2) ms.push(['extra', '1']);
    else if (mutation === 3) ms.push([ms[at]![0], '"dup"']);
    return ms;
  });

// A server's own field order, the same for every event of the page: the contract's, the first two
// swapped, or all reversed (learnt by the fast route once a page in that order went through JSON.parse).
const ORDER = [
  'id',
  'timestamp',
  'event_type',
  'verdict',
  'reason_code',
  'pack',
  'config_hash',
  'policies',
  'model',
  'provider',
  'gateway_id',
  'identity',
  'request_id',
  'latency_ms',
  'tokens',
  'redactions',
  'prompt_hash',
  'upstream_status',
  'prev_hash',
  'hash',
];
const ORDERS = [ORDER, ['timestamp', 'id', ...ORDER.slice(2)], [...ORDER].reverse()];
const inOrder = (ms: Member[], order: string[]) =>
  order === ORDER ? ms : [...ms].sort((a, b) => (order.indexOf(a[0]) + 1 || 99) - (order.indexOf(b[0]) + 1 || 99));
const eventText = (ms: Member[]) => `{${ms.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',')}}`;

const pageText = fc
  .tuple(
    fc.array(eventMembers, { maxLength: 4 }),
    fc.oneof(fc.constant('null'), fc.constant('"MTAwMA"'), text),
    fc.constantFrom('', '\n', ' ', ' \n'),
    fc.nat({ max: 20 }),
    fc.constantFrom(...ORDERS),
  )
  .map(([members, next, trailing, layout, order]) => {
    const events = members.map((ms) => eventText(inOrder(ms, order)));
    return layout === 0
      ? `{ "events": [${events.join(', ')}], "next_cursor": ${next} }${trailing}`
      : layout === 1
        ? `{"next_cursor":${next},"events":[${events.join(',')}]}`
        : `{"events":[${events.join(',')}],"next_cursor":${next}}${trailing}`;
  });

function reference(raw: string, neutralise: boolean) {
  try {
    return convertParsedPage(raw, 'csv', neutralise);
  } catch (error) {
    return { error: (error as Error).message };
  }
}

describe('fast CSV route', () => {
  // First: the layouts it learns are per process, a few at most, and the property below learns some too.
  it("learns a server's own field order from a page that went through JSON.parse, then takes the fast route", () => {
    // Every level reordered: top-level fields, pack, identity, tokens, policy items and redactions.
    const reorder = (e: ReturnType<typeof makeEvent>) => {
      const { pack, identity, tokens, policies, redactions: _redactions, ...rest } = e;
      const flipped = Object.fromEntries(Object.entries(rest).reverse());
      return {
        ...flipped,
        pack: { version: pack.version, name: pack.name },
        identity: { team: identity.team, role: identity.role, user: identity.user },
        tokens: { output: tokens.output, input: tokens.input },
        policies: policies.map((p) => Object.fromEntries(Object.entries(p).reverse())),
        redactions: [{ count: 2, type: 'email' }],
      };
    };
    const page = (from: number) =>
      JSON.stringify({ events: Array.from({ length: 20 }, (_, i) => reorder(makeEvent(from + i))), next_cursor: 'x' });
    expect(fastCsvPage(page(0), true)).toBeUndefined();
    const first = convertPage(page(0), 'csv', true);
    expect(first.fast).toBeUndefined();
    const second = convertPage(page(20), 'csv', true);
    expect(second.fast).toBe(true);
    expect(second.text).toBe(convertParsedPage(page(20), 'csv', true).text);
    expect(second.text).toContain(',prompt-injection:block,email:2,');
    // Fields other than the contract's are never learnt: such pages keep going through JSON.parse.
    const extra = JSON.stringify({ events: [{ ...reorder(makeEvent(1)), tenant: 't1' }], next_cursor: null });
    convertPage(extra, 'csv', true);
    expect(convertPage(extra, 'csv', true).fast).toBeUndefined();
  });

  it('learns where a server of its own order puts upstream_status, which few events have, and then takes them the fast route', () => {
    // Its own order (timestamp before id), and upstream_status after verdict on some events only.
    const ownOrder = (i: number) => {
      const { id, timestamp, verdict, ...rest } = makeEvent(i, { event_type: 'gateway.upstream_error' });
      return { timestamp, id, verdict, ...(i % 7 === 3 ? { upstream_status: 500 + (i % 4) } : {}), ...rest };
    };
    const page = (from: number) =>
      JSON.stringify({ events: Array.from({ length: 20 }, (_, i) => ownOrder(from + i)), next_cursor: 'x' });
    // The first page's first event has none: its first event with one teaches where it goes.
    expect(convertPage(page(0), 'csv', false).fast).toBeUndefined();
    for (const from of [20, 24]) {
      const next = convertPage(page(from), 'csv', false);
      expect({ from, fast: next.fast }).toEqual({ from, fast: true });
      expect(next.text).toBe(convertParsedPage(page(from), 'csv', false).text);
    }
  });

  it('gives the bytes of the JSON.parse route, or declines (differential property)', () => {
    let fastTaken = 0;
    fc.assert(
      fc.property(pageText, fc.boolean(), (raw, neutralise) => {
        // convertPage first: a page in another order that goes through JSON.parse teaches the fast route.
        try {
          convertPage(raw, 'csv', neutralise);
        } catch {
          /* an invalid page: nothing learnt */
        }
        const fast = fastCsvPage(raw, neutralise);
        const ref = reference(raw, neutralise);
        if (fast === undefined) {
          // Declining is always allowed; convertPage then is the reference.
          if ('error' in ref) expect(() => convertPage(raw, 'csv', neutralise)).toThrow(ref.error);
          else expect(convertPage(raw, 'csv', neutralise)).toEqual(ref);
          return;
        }
        if (fast.count > 0) fastTaken++;
        const bytes = fastCsvPage(raw, neutralise, true);
        expect(bytes?.text).toBe('');
        expect(Buffer.from(bytes!.bytes!).toString('utf8')).toBe(fast.text);
        expect(ref).not.toHaveProperty('error');
        expect(fast.text).toBe((ref as { text: string }).text);
        expect(fast.count).toBe((ref as { count: number }).count);
        expect(fast.next).toBe((ref as { next: string | null }).next);
        // What the fast route accepts, the full schema accepts.
        for (const e of (JSON.parse(raw) as { events: unknown[] }).events) eventCheck(e);
      }),
      { numRuns: 3000 },
    );
    // The generator must reach the fast route with events often enough for the property to mean something.
    expect(fastTaken).toBeGreaterThan(150);
  });

  it('gives the same bytes from a body in Buffers cut anywhere, mid-character included (differential property)', () => {
    // Cut points as fractions of the byte length; a multi-byte character or the page's first bytes can be cut.
    const cuts = fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 6 });
    let fastTaken = 0;
    fc.assert(
      fc.property(pageText, cuts, fc.boolean(), fc.boolean(), (raw, fractions, neutralise, asBytes) => {
        const bytes = Buffer.from(raw, 'utf8');
        const at = [...new Set(fractions.map((f) => Math.floor(f * bytes.length)))].sort((a, b) => a - b);
        const chunks = [0, ...at].map((start, i) => bytes.subarray(start, i < at.length ? at[i] : bytes.length));
        let expected: ReturnType<typeof convertPage> | { error: string };
        try {
          expected = convertPage(raw, 'csv', neutralise);
        } catch (error) {
          expected = { error: (error as Error).message };
        }
        if ('error' in expected) {
          expect(() => convertChunks(chunks, 'csv', neutralise, asBytes)).toThrow(expected.error);
          return;
        }
        const page = convertChunks(chunks, 'csv', neutralise, asBytes);
        const text = page.bytes ? Buffer.from(page.bytes).toString('utf8') : page.text;
        expect(text).toBe(expected.text);
        expect(page.count).toBe(expected.count);
        expect(page.next).toBe(expected.next);
        // The chunked fast route declines exactly what the whole-text one declines (no U+FFFD in these pages
        // unless the generator wrote one, and no event longer than the carry limit), compared at the same
        // learnt layouts: a page the whole-text route declined above may have taught it the page's field
        // order (learnLayout), which the chunked route then takes - so the whole text is converted again.
        if (!raw.includes('\uFFFD')) expect(page.fast).toBe(convertPage(raw, 'csv', neutralise).fast);
        if (page.fast && page.count > 0) fastTaken++;
      }),
      { numRuns: 2000 },
    );
    expect(fastTaken).toBeGreaterThan(100);
  });

  it('an all-ASCII body in one Buffer (read as Latin-1 windows, rows written as Latin-1): the bytes of the JSON.parse route (differential property)', () => {
    // The cut-anywhere property rarely gives this route a page: most of its pages have a non-ASCII cell or several Buffers.
    let fastTaken = 0;
    fc.assert(
      fc.property(
        pageText.filter((raw) => Buffer.byteLength(raw) === raw.length),
        fc.boolean(),
        (raw, neutralise) => {
          let expected: ReturnType<typeof convertPage> | { error: string };
          try {
            expected = convertParsedPage(raw, 'csv', neutralise);
          } catch (error) {
            expected = { error: (error as Error).message };
          }
          const page = fastCsvChunks([Buffer.from(raw)], neutralise, true);
          if (page === undefined) return;
          expect(expected).not.toHaveProperty('error');
          const ref = expected as ReturnType<typeof convertPage>;
          expect(Buffer.from(page.bytes!).toString('latin1')).toBe(ref.text);
          expect(page.count).toBe(ref.count);
          expect(page.next).toBe(ref.next);
          if (page.count > 0) fastTaken++;
        },
      ),
      { numRuns: 3000 },
    );
    expect(fastTaken).toBeGreaterThan(150);
  });

  it('an all-ASCII page: deciding policy, lists, prompt_hash in either place, numbers csvRow prints (1.5, -0, 16 digits) among plain ones', () => {
    const events = Array.from({ length: 200 }, (_, i) => {
      const e = makeEvent(i) as unknown as Record<string, unknown>;
      const verdicts = ['allow', 'block', 'redact', 'escalate'] as const;
      const v = verdicts[i % 4]!;
      e.verdict = v;
      e.policies = [
        {
          name: `p${i % 3}`,
          kind: 'k',
          phase: 'input',
          verdict: i % 5 === 0 ? v : 'allow',
          reason_code: null,
          duration_us: 3,
        },
        {
          name: 'second',
          kind: 'k',
          phase: 'output',
          verdict: i % 4 === 1 ? 'allow' : v,
          reason_code: 'r',
          duration_us: i % 7 === 0 ? 1.5 : 40,
        },
        // A third and a fourth policy (the fast route captures the first two, reads the rest apart),
        // the deciding one among them now and then.
        {
          name: 'third',
          kind: 'k',
          phase: 'output',
          verdict: i % 8 === 1 ? v : 'skipped',
          reason_code: null,
          duration_us: 5,
        },
        { name: 'fourth', kind: 'k', phase: 'output', verdict: v, reason_code: null, duration_us: 6 },
      ].slice(0, i % 5);
      e.redactions = [
        { type: 'email', count: 2 },
        { type: 'ssn', count: i % 11 === 0 ? 1234567890123456 : 1 },
      ].slice(0, i % 3);
      e.latency_ms = i % 13 === 0 ? 2.25 : i;
      e.tokens = { input: i % 17 === 0 ? 999999999999999 : i * 3, output: 0 };
      e.model = i % 6 === 0 ? null : 'gpt-4o';
      const { prompt_hash: _p, prev_hash, hash, ...rest } = e;
      return i % 2 === 0
        ? { ...rest, prompt_hash: 'sha256:ab', prev_hash, hash }
        : { ...rest, prev_hash, hash, ...(i % 4 === 1 ? { prompt_hash: 'x' } : {}) };
    });
    let raw = JSON.stringify({ events, next_cursor: 'abc' });
    // -0 and a 16-digit count only as text (JSON.stringify prints neither).
    raw = raw.replace('"count":2}', '"count":-0}').replace('"latency_ms":5,', '"latency_ms":-0,');
    for (const neutralise of [true, false]) {
      const page = fastCsvChunks([Buffer.from(raw)], neutralise, true)!;
      expect(page.count).toBe(200);
      expect(Buffer.from(page.bytes!).toString('latin1')).toBe(convertParsedPage(raw, 'csv', neutralise).text);
    }
  });

  it('sends a body that is not valid UTF-8 to the JSON.parse route, which decodes it whole as before', () => {
    const raw = JSON.stringify({ events: [makeEvent(0, { model: 'MODEL' }), makeEvent(1)], next_cursor: null });
    const bytes = Buffer.from(raw, 'utf8');
    const at = bytes.indexOf('MODEL');
    bytes[at] = 0xff; // an invalid byte: the reference decodes it to U+FFFD
    bytes[at + 1] = 0xe2; // and a truncated 3-byte sequence
    const whole = bytes.toString('utf8');
    for (const cut of [at, at + 1, at + 2, at + 3]) {
      const page = convertChunks([bytes.subarray(0, cut), bytes.subarray(cut)], 'csv', true, true);
      expect(page.fast).toBeUndefined();
      expect(Buffer.from(page.bytes ?? Buffer.from(page.text)).toString('utf8')).toBe(
        convertParsedPage(whole, 'csv', true).text,
      );
    }
    expect(fastCsvChunks([bytes], true)).toBeUndefined();
  });

  it('converts a large page piece by piece, events cut at every piece boundary, with the bytes of the whole-text route', () => {
    const events = Array.from({ length: 400 }, (_, i) =>
      makeEvent(i, { model: i % 7 === 0 ? 'modèle-é-😀' : 'gpt-4o' }),
    );
    const raw = JSON.stringify({ events, next_cursor: 'abc' });
    const bytes = Buffer.from(raw, 'utf8');
    const expected = convertParsedPage(raw, 'csv', true);
    for (const size of [1, 7, 1000, 16 * 1024 + 3, 65536]) {
      const chunks: Buffer[] = [];
      for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.subarray(i, i + size));
      const page = fastCsvChunks(chunks, true, true);
      expect(page?.count).toBe(400);
      expect(page?.next).toBe('abc');
      expect(Buffer.from(page!.bytes!).toString('utf8')).toBe(expected.text);
    }
  });

  it('an ASCII body in one Buffer: read in windows from the bytes, an event longer than a window included, with the bytes of the whole-text route', () => {
    // Events of ~30, ~40 and ~60 KiB straddle the 32 KiB windows; one of ~100 KiB is past the carry limit.
    const sizes = [0, 30_000, 0, 40_000, 0, 60_000, 0];
    const events = Array.from({ length: 300 }, (_, i) => makeEvent(i, { model: `m${'x'.repeat(sizes[i % 7]!)}` }));
    for (const neutralise of [true, false]) {
      const raw = JSON.stringify({ events, next_cursor: 'abc' });
      const expected = convertParsedPage(raw, 'csv', neutralise);
      for (const asBytes of [true, false]) {
        const page = fastCsvChunks([Buffer.from(raw)], neutralise, asBytes)!;
        expect(page.count).toBe(300);
        expect(page.next).toBe('abc');
        expect(page.bytes ? Buffer.from(page.bytes).toString('utf8') : page.text).toBe(expected.text);
      }
    }
    const tooLong = JSON.stringify({
      events: [makeEvent(0), makeEvent(1, { model: 'y'.repeat(100_000) }), makeEvent(2)],
      next_cursor: null,
    });
    expect(fastCsvChunks([Buffer.from(tooLong)], true, true)).toBeUndefined();
    const page = convertChunks([Buffer.from(tooLong)], 'csv', true, true);
    expect(page.fast).toBeUndefined();
    expect(page.text).toBe(convertParsedPage(tooLong, 'csv', true).text);
    // A page that is not the contract's shape at all is declined from its first window.
    expect(fastCsvChunks([Buffer.from(`{"data":[${'1,'.repeat(50_000)}1]}`)], true, true)).toBeUndefined();
  });

  it('with a buffer pool: rows go into a pooled buffer, and a page that declines gives its buffer back', () => {
    const pool = new BufferPool();
    const take = vi.spyOn(pool, 'take');
    const give = vi.spyOn(pool, 'give');
    const raw = JSON.stringify({ events: [makeEvent(0), makeEvent(1)], next_cursor: null });
    const page = fastCsvChunks([Buffer.from(raw)], true, true, pool)!;
    expect(Buffer.from(page.bytes!).toString('utf8')).toBe(convertParsedPage(raw, 'csv', true).text);
    expect(page.bytes!.buffer).toBe(take.mock.results[0]!.value.buffer);
    expect(give).not.toHaveBeenCalled();
    pool.give(page.bytes!);
    const declined = JSON.stringify({ events: [makeEvent(0), makeEvent(1, { model: 'a,b' })], next_cursor: null });
    expect(fastCsvChunks([Buffer.from(declined)], true, true, pool)).toBeUndefined();
    expect(give).toHaveBeenCalledTimes(2);
    expect(give.mock.calls[1]![0].buffer).toBe(take.mock.results[1]!.value.buffer);
  });

  it('takes the contract layout as kt gateway run writes it, empty pages included', () => {
    const events = Array.from({ length: 50 }, (_, i) =>
      makeEvent(
        i,
        i % 5 === 0
          ? {
              redactions: [
                { type: 'email', count: 2 },
                { type: 'phone', count: 1 },
              ],
              model: null,
            }
          : {},
      ),
    );
    for (const neutralise of [true, false]) {
      for (const next of [null, 'MTAwMA']) {
        const raw = JSON.stringify({ events, next_cursor: next });
        const fast = fastCsvPage(raw, neutralise);
        expect(fast).toBeDefined();
        // The same rows and the same event ids (the export's repeat check) from either route.
        const { text, count, next: cursor, ids } = convertParsedPage(raw, 'csv', neutralise);
        expect(fast).toEqual({ text, count, next: cursor, fast: true, ids });
      }
      expect(fastCsvPage('{"events":[],"next_cursor":null}', neutralise)).toEqual({
        text: '',
        count: 0,
        next: null,
        fast: true,
        ids: new Uint32Array(0),
      });
    }
    const withPromptHash = JSON.stringify({
      events: [{ ...makeEvent(1), prompt_hash: 'sha256:00' }],
      next_cursor: null,
    });
    expect(fastCsvPage(withPromptHash, true)?.count).toBe(1);
    const { prev_hash, hash, ...head } = makeEvent(2);
    const gatewayOrder = JSON.stringify({
      events: [{ ...head, prompt_hash: 'sha256:00', prev_hash, hash }],
      next_cursor: null,
    });
    expect(fastCsvPage(gatewayOrder, true)?.count).toBe(1);
  });

  it('takes events with upstream_status (as kt gateway run writes it, or appended) among events without, with the bytes of the JSON.parse route', () => {
    // The gateway's order: ..., redactions, prompt_hash, upstream_status, prev_hash, hash; other writers append.
    const events = Array.from({ length: 60 }, (_, i) => {
      const { prev_hash, hash, ...head } = makeEvent(i, {
        event_type: i % 3 === 0 ? 'gateway.upstream_error' : 'gateway.request',
      });
      const promptHash = i % 2 === 0 ? { prompt_hash: `sha256:${i}` } : {};
      const status = i % 3 === 0 ? { upstream_status: [404, 429, 500, 502, 503][i % 5]! } : {};
      return i % 6 === 3
        ? { ...head, ...promptHash, prev_hash, hash, ...status }
        : { ...head, ...promptHash, ...status, prev_hash, hash };
    });
    expect(events.filter((e) => 'upstream_status' in e)).toHaveLength(20);
    const raw = JSON.stringify({ events, next_cursor: 'abc' });
    for (const neutralise of [true, false]) {
      const reference = convertParsedPage(raw, 'csv', neutralise);
      const fast = fastCsvPage(raw, neutralise);
      expect(fast).toEqual({ text: reference.text, count: 60, next: 'abc', fast: true, ids: reference.ids });
      // The byte routes too: one ASCII Buffer, and Buffers cut every 1000 bytes.
      expect(Buffer.from(fastCsvChunks([Buffer.from(raw)], neutralise, true)!.bytes!).toString('latin1')).toBe(
        reference.text,
      );
      const bytes = Buffer.from(raw);
      const chunks = Array.from({ length: Math.ceil(bytes.length / 1000) }, (_, k) =>
        bytes.subarray(k * 1000, (k + 1) * 1000),
      );
      expect(Buffer.from(fastCsvChunks(chunks, neutralise, true)!.bytes!).toString('utf8')).toBe(reference.text);
    }
    // A status the schema does not allow, or written another way, sends the page to the JSON.parse route.
    for (const bad of ['600', '99', '503.0', '5.03e2', '"503"', 'null', '5030']) {
      const page = JSON.stringify({ events: [makeEvent(0), makeEvent(1)], next_cursor: null }).replace(
        ',"prev_hash"',
        `,"upstream_status":${bad},"prev_hash"`,
      );
      expect({ bad, fast: fastCsvPage(page, true) }).toEqual({ bad, fast: undefined });
    }
  });

  it('as bytes: the rows encoded as UTF-8, the buffer growing when a page encodes longer than its text', () => {
    // 3 bytes per character in the rows against ~1 unit per character in the page text.
    const events = Array.from({ length: 40 }, (_, i) => makeEvent(i, { model: '模型'.repeat(300) }));
    const raw = JSON.stringify({ events, next_cursor: null });
    const page = fastCsvPage(raw, true, true)!;
    expect(page.bytes!.length).toBeGreaterThan(raw.length);
    expect(Buffer.from(page.bytes!).toString('utf8')).toBe(convertParsedPage(raw, 'csv', true).text);
    expect(page.count).toBe(40);
  });

  it('declines cells that need quoting or neutralising, leaving them to the reference route', () => {
    const page = (e: object) => JSON.stringify({ events: [makeEvent(0, e)], next_cursor: null });
    expect(fastCsvPage(page({ model: 'a,b' }), true)).toBeUndefined();
    expect(fastCsvPage(page({ model: '=cmd' }), true)).toBeUndefined();
    expect(fastCsvPage(page({ model: '=cmd' }), false)).toBeDefined();
    expect(fastCsvPage(page({ reason_code: 'say "hi"' }), false)).toBeUndefined();
    expect(convertPage(page({ model: '=cmd' }), 'csv', true).text).toContain(",'=cmd,");
  });

  it('stays linear on hostile text (a long run that almost matches)', () => {
    const long = 'a'.repeat(2_000_000);
    const raw = `{"events":[{"id":"evt_${'0'.repeat(26)}","timestamp":"${long}`;
    const started = performance.now();
    expect(fastCsvPage(raw, true)).toBeUndefined();
    expect(fastCsvChunks([Buffer.from(raw)], true)).toBeUndefined();
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
