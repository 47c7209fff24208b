import { readFile, writeFile, appendFile, stat } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { useGatewaySandbox } from '../../helpers/gateway-sandbox.js';
import { parseCsv } from '../../helpers/csv.js';
import { waitFor } from '../../helpers/wait.js';
import { runKt } from '../../helpers/run-kt.js';
import { makeEvent } from '../../helpers/fake-gateway.js';
import type { EventRecord } from '../../../src/core/types.js';

const sandbox = useGatewaySandbox({ prefix: 'kt-events-', gateway: () => ({ events: events(2500) }) });
const env = () => sandbox.env({ KT_HTTP_MAX_ATTEMPTS: '2' });
const events = (n: number) => Array.from({ length: n }, (_, i) => makeEvent(i));

describe('kt events list', () => {
  it('the seed filter action:blocked becomes verdict=block, April dates become an inclusive range', async () => {
    const r = await runKt(
      [
        'events',
        'list',
        '--filter',
        'action:blocked',
        '--from',
        '2025-04-01',
        '--to',
        '2025-04-30',
        '--limit',
        '100',
        '--format',
        'ndjson',
      ],
      { env: env() },
    );
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    const q = sandbox.gw.requests.find((x) => x.path === '/v1/events')!.query;
    expect(q.getAll('verdict')).toEqual(['block']);
    expect(q.get('from')).toBe('2025-04-01T00:00:00.000Z');
    expect(q.get('to')).toBe('2025-05-01T00:00:00.000Z');
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as EventRecord);
    expect(lines).toHaveLength(100);
    expect(lines.every((e) => e.verdict === 'block')).toBe(true);
    expect(lines[0]!.id).toBe(makeEvent(1).id);
  });

  it("tail --verdict (the public docs' spelling) is --filter verdict:...; an unknown verdict is a usage error", async () => {
    const r = await runKt(
      ['events', 'tail', '--since', '24h', '--verdict', 'block,redact', '--limit', '50', '--json'],
      { env: env() },
    );
    expect(r.exitCode, r.stderr).toBe(0);
    const q = sandbox.gw.requests.filter((x) => x.path === '/v1/events').at(-1)!.query;
    expect(q.getAll('verdict').sort()).toEqual(['block', 'redact']);
    const bad = await runKt(['events', 'tail', '--verdict', 'maybe'], { env: env() });
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toContain('unknown verdict "maybe"');
  });

  it("tail --last N --policy P (the public docs' tail tutorial) are --limit N and --filter policy:P", async () => {
    const r = await runKt(['events', 'tail', '--last', '10', '--policy', 'pii-redaction,dlp', '--json'], {
      env: env(),
    });
    expect(r.exitCode, r.stderr).toBe(0);
    const q = sandbox.gw.requests.filter((x) => x.path === '/v1/events').at(-1)!.query;
    expect(q.getAll('policy').sort()).toEqual(['dlp', 'pii-redaction']);
    expect(Number(q.get('limit'))).toBeLessThanOrEqual(10);
    const listed = JSON.parse(r.stdout) as EventRecord[];
    expect(listed.length).toBeLessThanOrEqual(10);
    const plain = await runKt(['events', 'tail', '--since', '2025-01-01', '--last', '7', '--json'], { env: env() });
    expect((JSON.parse(plain.stdout) as EventRecord[]).length).toBe(7);
    // Both spellings of the count at once: refused, neither silently dropped; a bad count names --last.
    const both = await runKt(['events', 'tail', '--last', '5', '--limit', '6'], { env: env() });
    expect(both.exitCode).toBe(2);
    expect(both.stderr).toContain('error[usage.repeated_option]: --limit and --last given together');
    const bad = await runKt(['events', 'tail', '--last', '0'], { env: env() });
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toContain('--last "0": expected a whole number');
    const empty = await runKt(['events', 'tail', '--policy', ','], { env: env() });
    expect(empty.exitCode).toBe(2);
    expect(empty.stderr).toContain('--policy ",": no value');
  });

  it('tail --since T prints the latest --limit events from T (what tail means); list --from T the first ones', async () => {
    sandbox.gw.events = events(2500); // one a minute from 2025-04-01
    const ids = (stdout: string) => (JSON.parse(stdout) as EventRecord[]).map((e) => e.id);
    const tail = await runKt(['events', 'tail', '--since', '2025-04-02', '--limit', '3', '--json'], { env: env() });
    expect(tail.exitCode, tail.stderr).toBe(0);
    expect(ids(tail.stdout)).toEqual([2497, 2498, 2499].map((i) => makeEvent(i).id));
    // --until ends the period: the latest before it.
    const until = await runKt(
      ['events', 'tail', '--since', '2025-04-02', '--until', '2025-04-02T00:10:00Z', '--json'],
      {
        env: env(),
      },
    );
    expect(ids(until.stdout)).toEqual(Array.from({ length: 10 }, (_, i) => makeEvent(1440 + i).id));
    const list = await runKt(['events', 'list', '--from', '2025-04-02', '--limit', '3', '--json'], { env: env() });
    expect(ids(list.stdout)).toEqual([1440, 1441, 1442].map((i) => makeEvent(i).id));
    // This server has no newest-first pages: the latest N are held in memory, so capped as without --from.
    const many = await runKt(['events', 'tail', '--since', '2025-04-02', '--limit', '10001'], { env: env() });
    expect([many.exitCode, many.stderr.split('\n')[0]]).toEqual([
      2,
      expect.stringContaining('error[usage.invalid_limit]: --limit 10001 with kt events tail --since: '),
    ]);
  });

  it('pages past 1000 with the cursor and stops at --limit', async () => {
    const r = await runKt(['events', 'list', '--from', '2025-01-01T00:00:00Z', '--limit', '1500', '--json'], {
      env: env(),
    });
    const list = JSON.parse(r.stdout) as EventRecord[];
    expect(list).toHaveLength(1500);
    expect(new Set(list.map((e) => e.id)).size).toBe(1500);
    // A small first page, then pages of 1,000 for events this light (src/api/page-size.ts).
    expect(sandbox.gw.requests.filter((x) => x.path === '/v1/events').map((x) => x.query.get('limit'))).toEqual([
      '100',
      '1000',
      '400',
    ]);
  });

  it('without --from shows the latest N of the last 24 hours', async () => {
    const now = Date.parse(makeEvent(2499).timestamp) + 1000;
    sandbox.gw.events = events(2500);
    const { run } = await import('../../../src/cli/main.js');
    let out = '';
    const code = await run(['events', 'list', '--limit', '3', '--format', 'ndjson'], {
      env: { NO_COLOR: '1', ...env() },
      now: () => now,
      streams: {
        stdout: { write: (s: string) => ((out += s), true) },
        stderr: { write: () => true },
        stdin: process.stdin,
      },
    });
    expect(code).toBe(0);
    expect(
      out
        .trim()
        .split('\n')
        .map((l) => (JSON.parse(l) as EventRecord).id),
    ).toEqual([2497, 2498, 2499].map((i) => makeEvent(i).id));
  });

  it('--to without --from shows the latest N of the 24 hours before --to, not an empty period ending before it starts', async () => {
    sandbox.gw.events = events(2500);
    const to = makeEvent(1500).timestamp.replace('000Z', 'Z');
    const r = await runKt(['events', 'list', '--to', to, '--limit', '2', '--format', 'ndjson'], { env: env() });
    expect(r.exitCode, r.stderr).toBe(0);
    const q = sandbox.gw.requests.filter((x) => x.path === '/v1/events').at(-1)!.query;
    expect(q.get('to')).toBe(to);
    expect(q.get('from')).toBe(new Date(Date.parse(to) - 86_400_000).toISOString());
    expect(
      r.stdout
        .trim()
        .split('\n')
        .map((l) => (JSON.parse(l) as EventRecord).id),
    ).toEqual([1498, 1499].map((i) => makeEvent(i).id));
  });

  it('without --from the latest N come out whole and in order when the ring turns over many times across pages', async () => {
    sandbox.gw.events = events(2500);
    const to = makeEvent(2499).timestamp.replace('000Z', 'Z');
    const r = await runKt(['events', 'list', '--to', to, '--limit', '1234', '--format', 'ndjson'], { env: env() });
    expect(r.exitCode, r.stderr).toBe(0);
    const ids = r.stdout
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as EventRecord).id);
    // --to is exclusive: the last event listed is 2498.
    expect(ids).toEqual(Array.from({ length: 1234 }, (_, i) => makeEvent(2499 - 1234 + i).id));
  });

  it('without --from a --limit above 10000 is refused by a server without newest-first pages (the latest N would be held in memory), after its first page says so; with --from it streams', async () => {
    const before = sandbox.gw.requests.length;
    const r = await runKt(['events', 'tail', '--limit', '10001'], { env: env() });
    expect([r.exitCode, r.stdout, r.stderr]).toEqual([
      2,
      '',
      'kt: error[usage.invalid_limit]: --limit 10001 without --from: this server does not page newest first, so the latest events are held in memory until the period is paged through, at most 10000\n' +
        '  hint: give --from to stream any number from a time (oldest first), or write the period to a file with kt events export\n',
    ]);
    // One page: the one whose missing `order: "desc"` tells this server pages in append order only.
    expect(sandbox.gw.requests.slice(before).map((x) => x.query.get('order'))).toEqual(['desc']);
    const streamed = await runKt(['events', 'list', '--from', '2025-01-01', '--limit', '10001', '--format', 'ndjson'], {
      env: env(),
    });
    expect(streamed.exitCode, streamed.stderr).toBe(0);
    expect(streamed.stdout.trim().split('\n')).toHaveLength(2500);
  });

  /** 3,000 events ten seconds apart from 2025-04-01 00:00 (all within the 24 hours before 12:00). */
  const dense = () =>
    Array.from({ length: 3000 }, (_, i) =>
      makeEvent(i, { timestamp: new Date(Date.UTC(2025, 3, 1) + i * 10_000).toISOString() }),
    );
  const latestArgs = (limit: number) => ['events', 'list', '--to', '2025-04-01T12:00:00Z', '--limit', String(limit)];
  const idsOf = (stdout: string) =>
    stdout
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as EventRecord).id);

  it('a server that pages newest first: the latest N, oldest first, from pages back and the pages between read again; no 10000 cap', async () => {
    sandbox.gw.newestFirst = true;
    sandbox.gw.events = dense();
    try {
      const before = sandbox.gw.requests.length;
      const r = await runKt([...latestArgs(2600), '--format', 'ndjson'], { env: env() });
      expect(r.exitCode, r.stderr).toBe(0);
      expect(idsOf(r.stdout)).toEqual(Array.from({ length: 2600 }, (_, i) => makeEvent(400 + i).id));
      const pages = sandbox.gw.requests.slice(before).filter((x) => x.path === '/v1/events');
      expect(pages.every((x) => x.query.get('order') === 'desc')).toBe(true);
      // Back: 100, 1000, 1000, 500; forward: the two middle pages again (the newest and the oldest are held).
      expect(pages.map((x) => x.query.get('limit'))).toEqual(['100', '1000', '1000', '500', '1000', '1000']);
      // Past the 10000 that the append-order ring holds: every event of the period.
      const all = await runKt([...latestArgs(20_000), '--format', 'ndjson'], { env: env() });
      expect(all.exitCode, all.stderr).toBe(0);
      expect(idsOf(all.stdout)).toEqual(Array.from({ length: 3000 }, (_, i) => makeEvent(i).id));
    } finally {
      sandbox.gw.newestFirst = false;
      sandbox.gw.events = events(2500);
    }
  });

  it('newest first: a page that changed between its two reads (retention removed events meanwhile) is an error after what was printed, not a listing with a hole', async () => {
    sandbox.gw.newestFirst = true;
    sandbox.gw.events = dense();
    try {
      // Four pages back, then a middle page again: the 500 oldest events go just before that read, so
      // the positions move under the cursor.
      const asUsual = () => ({ path: '/v1/events', before: () => {} });
      sandbox.gw.faults.push(asUsual(), asUsual(), asUsual(), asUsual(), {
        path: '/v1/events',
        before: () => {
          sandbox.gw.events.splice(0, 500);
        },
      });
      const r = await runKt([...latestArgs(2600), '--format', 'ndjson'], { env: env() });
      expect(r.exitCode).toBe(5);
      expect(r.stderr).toContain('a newest-first page changed between two reads');
      // Printed before: the oldest page, held since the first pass.
      expect(idsOf(r.stdout)).toEqual(Array.from({ length: 500 }, (_, i) => makeEvent(400 + i).id));
    } finally {
      sandbox.gw.newestFirst = false;
      sandbox.gw.faults.length = 0;
      sandbox.gw.events = events(2500);
    }
  });

  it('--limit is digits: 1e3, 0x10, 1.0 and " 5" are usage errors, not read as numbers', async () => {
    for (const limit of ['1e3', '0x10', '1.0', ' 5', '0', '100001']) {
      const r = await runKt(['events', 'list', '--limit', limit], { env: env() });
      expect(r.exitCode, limit).toBe(2);
      expect(r.stderr, limit).toContain('expected a whole number from 1 to 100000');
    }
  });

  it('a failure after the first page keeps what was printed and says why on stderr, even in JSON mode', async () => {
    const page = (ids: number[], cursor: string) => ({
      path: '/v1/events',
      status: 200,
      body: { events: ids.map((i) => makeEvent(i)), next_cursor: cursor },
    });
    const refused = {
      path: '/v1/events',
      status: 403,
      body: { error: { type: 'forbidden', code: 'forbidden', message: 'no' } },
    };
    const list = ['events', 'list', '--from', '2025-01-01', '--limit', '100'];
    for (const format of ['json', 'ndjson', 'csv', 'table'] as const) {
      sandbox.gw.faults.push(page([0, 1], 'c1'), refused);
      const r = await runKt([...list, '--format', format], { env: env() });
      sandbox.gw.faults.length = 0;
      expect(r.exitCode, format).toBe(4);
      expect(r.stderr, format).toMatch(/^kt: error\[auth\.forbidden\]: /);
      expect(r.stdout, format).toContain(makeEvent(1).id);
      // The JSON array is left open: a truncated listing must not parse as a complete one.
      if (format === 'json') expect(() => JSON.parse(r.stdout)).toThrow();
    }
    // Refused at the first page, nothing was printed: JSON mode answers with its error document.
    sandbox.gw.faults.push(refused);
    const first = await runKt([...list, '--json'], { env: env() });
    sandbox.gw.faults.length = 0;
    expect(first.exitCode).toBe(4);
    expect(first.stderr).toBe('');
    expect(JSON.parse(first.stdout).error.code).toMatch(/^auth\./);
  });

  it('a server that repeats a cursor is refused (exit 5, api.cursor_stuck) instead of being paged forever', async () => {
    const loop = (i: number, cursor: string) => ({
      path: '/v1/events',
      status: 200,
      body: { events: [makeEvent(i)], next_cursor: cursor },
    });
    for (const run of [
      [['events', 'list', '--format', 'ndjson'], [loop(1, 'c1'), loop(2, 'c1')], []],
      [
        // With --from each page is printed as it arrives: those before the repeat stay (ids 1, 2).
        ['events', 'list', '--from', '2025-01-01', '--limit', '100', '--format', 'ndjson'],
        [loop(1, 'c1'), loop(2, 'c2'), loop(3, 'c1')],
        [1, 2],
      ],
    ] as const) {
      const [args, pages, listed] = [run[0], run[1], run[2]];
      sandbox.gw.faults.push(...pages, ...Array.from({ length: 20 }, () => loop(9, 'c1')));
      const before = sandbox.gw.requests.filter((q) => q.path === '/v1/events').length;
      const r = await runKt([...args], { env: env() });
      expect(r.exitCode).toBe(5);
      expect(r.stderr).toMatch(
        /^kt: error\[api\.cursor_stuck\]: GET \/v1\/events: the server returned a cursor it had already given/,
      );
      expect(r.stdout).toBe(listed.map((i) => `${JSON.stringify(makeEvent(i))}\n`).join(''));
      expect(sandbox.gw.requests.filter((q) => q.path === '/v1/events').length - before).toBe(pages.length);
      sandbox.gw.faults.length = 0;
    }
    // --follow: the same cursor again, with events, ends the tail instead of printing them forever.
    sandbox.gw.faults.push(
      loop(0, null as unknown as string),
      loop(1, 'c1'),
      loop(2, 'c1'),
      ...Array.from({ length: 20 }, () => loop(9, 'c1')),
    );
    const follow = await runKt(['events', 'list', '--from', '2025-01-01', '--follow', '--format', 'ndjson'], {
      env: { ...env(), KT_FOLLOW_INTERVAL_MS: '1' },
    });
    expect(follow.exitCode).toBe(5);
    expect(follow.stderr).toContain('api.cursor_stuck');
    expect(
      follow.stdout
        .trim()
        .split('\n')
        .map((l) => (JSON.parse(l) as EventRecord).id),
    ).toEqual([0, 1].map((i) => makeEvent(i).id));
    sandbox.gw.faults.length = 0;
  });

  it('--format text is the table, as `text` is the human format of every other command', async () => {
    const args = ['events', 'list', '--from', '2025-04-01', '--limit', '2'];
    const text = await runKt([...args, '--format', 'text'], { env: env() });
    expect(text.exitCode, text.stderr).toBe(0);
    const table = await runKt([...args, '--format', 'table'], { env: env() });
    expect(text.stdout).toBe(table.stdout);
    expect(text.stdout.split('\n')[0]!.split(/\s+/)).toEqual(['TIME', 'ID', 'VERDICT', 'REASON', 'POLICY', 'MODEL']);
  });

  it('renders a table with TIME ID VERDICT REASON POLICY MODEL', async () => {
    const r = await runKt(['events', 'list', '--from', '2025-04-01', '--limit', '2', '--format', 'table'], {
      env: env(),
    });
    const [head, first, second] = r.stdout.split('\n');
    expect(head!.split(/\s+/)).toEqual(['TIME', 'ID', 'VERDICT', 'REASON', 'POLICY', 'MODEL']);
    expect(first!.split(/\s+/)).toEqual([
      '2025-04-01T00:00:00Z',
      makeEvent(0).id,
      'allow',
      'all_policies_passed',
      '-',
      'gpt-4o',
    ]);
    expect(second!.split(/\s+/)).toEqual([
      '2025-04-01T00:01:00Z',
      makeEvent(1).id,
      'block',
      'prompt_injection.detected',
      'prompt-injection',
      'gpt-4o',
    ]);
  });

  it('rejects unknown filter keys and bad times with exit 2', async () => {
    const a = await runKt(['events', 'list', '--filter', 'colour:red'], { env: env() });
    expect(a.exitCode).toBe(2);
    expect(a.stderr).toContain('unknown key "colour"');
    const b = await runKt(['events', 'list', '--from', 'yesterday'], { env: env() });
    expect(b.exitCode).toBe(2);
    expect(b.stderr).toContain('--from "yesterday": not a time');
    // Date-only bounds the wrong way round are the same usage error as full timestamps, for list and export.
    for (const cmd of ['list', 'export']) {
      const c = await runKt(['events', cmd, '--from', '2026-11-23', '--to', '2026-11-22'], { env: env() });
      expect(c.exitCode).toBe(2);
      expect(c.stderr).toContain(
        'error[usage.invalid_time]: --from (2026-11-23T00:00:00.000Z) is where --to (2026-11-22, which ends at 2026-11-23T00:00:00.000Z) ends: the period is empty',
      );
    }
    expect(sandbox.gw.requests).toHaveLength(0);
  });

  it('a mistyped filter key or verdict suggests the close one, names the option it came with, and an empty value is refused', async () => {
    const cases: Array<[string[], string]> = [
      [['--filter', 'verdikt:block'], '--filter "verdikt:block": unknown key "verdikt" (did you mean verdict?)'],
      [['--filter', 'modle:gpt-4o'], '--filter "modle:gpt-4o": unknown key "modle" (did you mean model?)'],
      [['--filter', 'action:bloked'], '--filter "action:bloked": unknown verdict "bloked" (did you mean blocked?)'],
      [['--verdict', 'redactd'], '--verdict "redactd": unknown verdict "redactd" (did you mean redact'],
      // Left out of the query, these listed every event as if no filter had been given.
      [['--filter', 'policy:,'], '--filter "policy:,": no value for "policy"'],
      [['--filter', 'user:'], '--filter "user:": no value for "user"'],
    ];
    for (const cmd of ['list', 'export']) {
      for (const [args, message] of cases) {
        const r = await runKt(['events', cmd, '--from', '1h', ...args], { env: env() });
        expect(r.exitCode, `${cmd} ${args.join(' ')}`).toBe(2);
        expect(r.stderr).toContain(`error[usage.invalid_filter]: ${message}`);
      }
    }
    expect(sandbox.gw.requests).toHaveLength(0);
  });

  it('the hint for a filter without a value gives an example of the key typed, not action:blocked for all', async () => {
    const cases: Array<[string[], string]> = [
      [['--filter', 'user:'], 'e.g. user:alice'],
      [['--filter', 'policy:'], 'e.g. policy:pii-detector'],
      [['--filter', 'model:'], 'e.g. model:gpt-4o-mini'],
      [['--filter', 'team='], 'e.g. team:payments'],
      [['--filter', 'reason_code:'], 'e.g. reason_code:prompt_injection.detected'],
      [['--filter', 'provider:,'], 'e.g. provider:openai'],
      [['--filter', 'gateway:'], 'e.g. gateway:local'],
      [['--filter', 'verdict:'], 'e.g. verdict:blocked'],
      [['--filter', 'action:'], 'e.g. action:blocked'],
      [['--verdict', ''], 'e.g. --verdict blocked'],
      [['--policy', ','], 'e.g. --policy pii-detector'],
    ];
    for (const [args, hint] of cases) {
      const r = await runKt(['events', 'list', '--from', '1h', ...args], { env: env() });
      expect([args.join(' '), r.exitCode, r.stderr.split('\n')[1]]).toEqual([args.join(' '), 2, `  hint: ${hint}`]);
    }
    expect(sandbox.gw.requests).toHaveLength(0);
  });

  it('a bad --since/--until is reported under the name typed, not as --from/--to', async () => {
    const cases: Array<[string[], string]> = [
      [['--since', 'yesterday'], '--since "yesterday": not a time'],
      [['--from', '1h', '--until', 'tomorrow'], '--until "tomorrow": not a time'],
      [['--since', '2025-02-30'], '--since "2025-02-30": no such date'],
      [
        ['--since', '2026-11-23', '--until', '2026-11-22'],
        '--since (2026-11-23T00:00:00.000Z) is where --until (2026-11-22,',
      ],
      [
        ['--since', '2026-11-23', '--to', '2026-11-22'],
        '--since (2026-11-23T00:00:00.000Z) is where --to (2026-11-22,',
      ],
    ];
    for (const cmd of ['list', 'export']) {
      for (const [args, message] of cases) {
        const r = await runKt(['events', cmd, ...args], { env: env() });
        expect(r.exitCode, `${cmd} ${args.join(' ')}`).toBe(2);
        expect(r.stderr).toContain(`error[usage.invalid_time]: ${message}`);
      }
    }
    expect(sandbox.gw.requests).toHaveLength(0);
  });

  it('an option and its alias together (--from/--since, --to/--until) are a usage error naming both, values not echoed', async () => {
    for (const [cmd, a, b] of [
      ['list', '--from', '--since'],
      ['list', '--to', '--until'],
      ['export', '--from', '--since'],
      ['export', '--to', '--until'],
    ] as const) {
      const from = a === '--to' ? ['--from', '2025-04-01'] : [];
      const r = await runKt(['events', cmd, ...from, a, '2025-04-02T00:00:00Z', b, '2025-04-03T00:00:00Z'], {
        env: env(),
      });
      expect(r.exitCode, `${cmd} ${a} ${b}`).toBe(2);
      expect(r.stderr).toContain(`error[usage.repeated_option]: ${a} and ${b} given together`);
      expect(r.stderr).not.toMatch(/2025-04-0[23]/);
    }
    expect(sandbox.gw.requests).toHaveLength(0);
  });

  it('a wrong token exits 4 and the token is not echoed', async () => {
    const r = await runKt(['events', 'list', '--from', '1h'], {
      env: { ...env(), KEEPTRUSTS_API_TOKEN: 'kt_admin_nottherightone' },
    });
    expect(r.exitCode).toBe(4);
    expect(r.stderr).toMatch(/^kt: error\[auth\.unauthorized\]/);
    expect(r.stderr).not.toContain('nottherightone');
  });

  it('retries 429 and 503 honouring Retry-After', async () => {
    sandbox.gw.faults.push({ path: '/v1/events', status: 429, headers: { 'retry-after': '1' } });
    sandbox.gw.faults.push({ path: '/v1/events', status: 503, headers: { 'retry-after': '0' } });
    const started = Date.now();
    const r = await runKt(['events', 'list', '--from', '2025-04-01', '--limit', '5', '--json', '--debug'], {
      env: { ...env(), KT_HTTP_MAX_ATTEMPTS: '4' },
    });
    expect(r.exitCode).toBe(0);
    expect(JSON.parse(r.stdout)).toHaveLength(5);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(sandbox.gw.requests.filter((x) => x.path === '/v1/events')).toHaveLength(3);
    expect(r.stderr).toContain('(Retry-After)');
    expect(r.stderr).not.toContain(sandbox.gw.token);
    expect(r.stderr).toContain('bearer token [REDACTED]');
  });
});

describe('kt events export', () => {
  it('writes RFC 4180 CSV with a stable header, neutralises formulas, prints a summary on stderr', async () => {
    sandbox.gw.events = [
      makeEvent(0, { reason_code: '=HYPERLINK("http://x")', model: 'a,b', request_id: 'line\nbreak' }),
      ...events(3).slice(1),
    ];
    const out = join(sandbox.home, 'report.csv');
    const r = await runKt(
      ['events', 'export', '--from', '2025-04-01', '--to', '2025-04-30', '--format', 'csv', '--output', out],
      { env: env() },
    );
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(
      /^exported 3 rows, [\d.]+ (B|KiB), csv, in [\d.]+s \([\d,]+ rows\/s\) -> .*report\.csv\n$/,
    );
    const text = await readFile(out, 'utf8');
    const rows = parseCsv(text);
    expect(rows[0]!.slice(0, 6)).toEqual(['id', 'timestamp', 'event_type', 'verdict', 'reason_code', 'policy']);
    expect(rows).toHaveLength(4);
    expect(rows[1]![4]).toBe(`'=HYPERLINK("http://x")`);
    expect(rows[1]![9]).toBe('a,b');
    expect(rows[1]![15]).toBe('line\nbreak');
    expect(existsSync(`${out}.part`)).toBe(false);
    expect(existsSync(`${out}.kt-export.json`)).toBe(false);
  });

  it('--no-neutralize-formulas keeps cells as they are', async () => {
    sandbox.gw.events = [makeEvent(0, { reason_code: '@SUM(A1)' })];
    const out = join(sandbox.home, 'raw.csv');
    await runKt(
      ['events', 'export', '--from', '2025-04-01', '--format', 'csv', '--output', out, '--no-neutralize-formulas'],
      { env: env() },
    );
    expect(parseCsv(await readFile(out, 'utf8'))[1]![4]).toBe('@SUM(A1)');
  });

  it('json is one array; ndjson one event per line; both to a file or stdout', async () => {
    const out = join(sandbox.home, 'all.json');
    await runKt(['events', 'export', '--from', '2025-01-01', '--format', 'json', '--output', out], { env: env() });
    const arr = JSON.parse(await readFile(out, 'utf8')) as EventRecord[];
    expect(arr.map((e) => e.id)).toEqual(sandbox.gw.events.map((e) => e.id));
    const r = await runKt(
      ['events', 'export', '--from', '2025-01-01', '--format', 'ndjson', '--filter', 'verdict:redact'],
      { env: env() },
    );
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(625);
    expect(lines.every((l) => (JSON.parse(l) as EventRecord).verdict === 'redact')).toBe(true);
    sandbox.gw.events = [];
    await runKt(['events', 'export', '--from', '2025-01-01', '--format', 'json', '--output', out, '--force'], {
      env: env(),
    });
    expect(JSON.parse(await readFile(out, 'utf8'))).toEqual([]);
  });

  it('never replaces an existing --output without --force (exit 3, nothing fetched or touched), as kt init and kt policy migrate', async () => {
    sandbox.gw.events = events(1500);
    const out = join(sandbox.home, 'april.csv');
    await writeFile(out, 'last month\n');
    const argv = ['events', 'export', '--from', '2025-01-01', '--format', 'csv', '--output', out];
    const before = sandbox.gw.requests.length;
    const refused = await runKt(argv, { env: env() });
    expect([refused.exitCode, refused.stdout, refused.stderr]).toEqual([
      3,
      '',
      `kt: error[input.file_exists]: ${out}: the file already exists; not overwritten\n  hint: use --force to replace it\n`,
    ]);
    expect(sandbox.gw.requests.length).toBe(before);
    expect(await readFile(out, 'utf8')).toBe('last month\n');
    expect([existsSync(`${out}.part`), existsSync(`${out}.kt-export.json`)]).toEqual([false, false]);

    // Interrupted while replacing it (--force): the refusal says a resume is there to finish, and the
    // resume needs no --force (the export it continues was started with it).
    const port = Number(new URL(sandbox.gw.url).port);
    sandbox.gw.dropAfterPages = sandbox.gw.pagesServed + 1;
    expect((await runKt([...argv, '--force'], { env: env() })).exitCode).toBe(5);
    await sandbox.restartGateway({ events: events(1500), port });
    const again = await runKt(argv, { env: env() });
    expect([again.exitCode, again.stderr.split('\n')[1]]).toEqual([
      3,
      '  hint: use --force to replace it, or --resume to continue the interrupted export (1000 rows saved)',
    ]);
    expect(await readFile(out, 'utf8')).toBe('last month\n');
    const resumed = await runKt(['events', 'export', '--resume', '--output', out], { env: env() });
    expect(resumed.exitCode, resumed.stderr).toBe(0);
    expect(parseCsv(await readFile(out, 'utf8'))).toHaveLength(1501);
    const forced = await runKt([...argv, '--force', '--filter', 'verdict:block'], { env: env() });
    expect(forced.exitCode, forced.stderr).toBe(0);
    expect(parseCsv(await readFile(out, 'utf8')).length).toBeLessThan(1501);
  });

  it('server killed mid-export: exit 5, nothing at --output; --resume completes with exactly the expected rows', async () => {
    const port = Number(new URL(sandbox.gw.url).port);
    const out = join(sandbox.home, 'defense-report.csv');
    sandbox.gw.dropAfterPages = 1;
    const first = await runKt(['events', 'export', '--from', '2025-01-01', '--format', 'csv', '--output', out], {
      env: env(),
    });
    expect(first.exitCode).toBe(5);
    expect(first.stderr).toContain('run the same command with --resume');
    expect(existsSync(out)).toBe(false);
    const checkpoint = JSON.parse(await readFile(`${out}.kt-export.json`, 'utf8')) as { rows: number; bytes: number };
    expect(checkpoint.rows).toBe(1000);
    // A page half-written when the process died must not survive the resume.
    await appendFile(`${out}.part`, 'evt_partial,garbage\r\n');
    expect((await stat(`${out}.part`)).size).toBeGreaterThan(checkpoint.bytes);

    const all = sandbox.gw.events;
    await sandbox.restartGateway({ events: all, port });
    // A resume against another URL first asks it for the last event exported (is it the same event log?):
    // one that does not answer fails as the network does, before anything is touched.
    const other = await runKt(['events', 'export', '--resume', '--output', out, '--api-url', 'http://127.0.0.1:9'], {
      env: env(),
    });
    expect(other.exitCode).toBe(5);
    expect(other.stderr).toMatch(/^kt: error\[network\.unreachable\]: GET http:\/\/127\.0\.0\.1:9\/v1\/events\/evt_/);
    expect(JSON.parse(await readFile(`${out}.kt-export.json`, 'utf8'))).toEqual(checkpoint);
    const second = await runKt(['events', 'export', '--resume', '--output', out], { env: env() });
    expect(second.stderr).toMatch(/exported 2,500 rows \(1,000 from before the resume\)/);
    expect(second.exitCode).toBe(0);
    const rows = parseCsv(await readFile(out, 'utf8'));
    expect(rows).toHaveLength(2501);
    expect(rows.slice(1).map((r) => r[0])).toEqual(all.map((e) => e.id));
    expect(existsSync(`${out}.kt-export.json`)).toBe(false);
    // The resumed request continued from the checkpoint's cursor instead of starting over.
    expect(sandbox.gw.requests.filter((q) => q.path === '/v1/events')[0]!.query.get('cursor')).not.toBeNull();
  });

  it('to stdout: an unreachable gateway writes nothing to stdout (not the CSV header), only the error on stderr, exit 5', async () => {
    for (const format of ['csv', 'json', 'ndjson']) {
      const r = await runKt(
        ['events', 'export', '--from', '2025-01-01', '--format', format, '--api-url', 'http://127.0.0.1:9'],
        { env: env() },
      );
      expect([r.exitCode, r.stdout], format).toEqual([5, '']);
      expect(r.stderr).toMatch(
        /^kt: error\[network\.unreachable\]: GET http:\/\/127\.0\.0\.1:9\/v1\/events\?[^\n]*: connection refused\n {2}hint: [^\n]+\n$/,
      );
    }
    // --format json names the export's format, not JSON mode: the error is not a JSON document on stdout
    // here either (it would be appended to a half-streamed array), with --output or without.
    const out = join(sandbox.home, 'x.json');
    const toFile = await runKt(
      [
        'events',
        'export',
        '--from',
        '2025-01-01',
        '--format',
        'json',
        '--output',
        out,
        '--api-url',
        'http://127.0.0.1:9',
      ],
      { env: env() },
    );
    expect([toFile.exitCode, toFile.stdout, existsSync(out)]).toEqual([5, '', false]);
    expect(toFile.stderr).toMatch(/^kt: error\[network\.unreachable\]: /);
    // An empty export still writes the format's head: a CSV header, an empty JSON array.
    sandbox.gw.events = [];
    const csv = await runKt(['events', 'export', '--from', '2025-01-01', '--format', 'csv'], { env: env() });
    expect([csv.exitCode, parseCsv(csv.stdout)]).toEqual([0, [expect.arrayContaining(['id', 'timestamp'])]]);
    const json = await runKt(['events', 'export', '--from', '2025-01-01', '--format', 'json'], { env: env() });
    expect([json.exitCode, json.stdout]).toEqual([0, '[]\n']);
  });

  it('to stdout: a failure mid-stream keeps the rows streamed (they cannot be taken back), exit 5, and the hint says the output is incomplete', async () => {
    sandbox.gw.dropAfterPages = 1;
    const csv = await runKt(['events', 'export', '--from', '2025-01-01', '--format', 'csv'], { env: env() });
    expect(csv.exitCode).toBe(5);
    const rows = parseCsv(csv.stdout);
    expect(rows).toHaveLength(1001);
    expect(rows.slice(1).map((r) => r[0])).toEqual(sandbox.gw.events.slice(0, 1000).map((e) => e.id));
    expect(csv.stderr).toContain(
      'hint: the output stopped after 1000 rows and is incomplete; export with --output FILE to be able to --resume',
    );
    // A JSON array is left unclosed, so a reader cannot take it for the whole export.
    sandbox.gw.pagesServed = 0;
    const json = await runKt(['events', 'export', '--from', '2025-01-01', '--format', 'json'], { env: env() });
    expect(json.exitCode).toBe(5);
    expect(json.stdout.startsWith('[')).toBe(true);
    expect(() => JSON.parse(json.stdout)).toThrow();
    expect(json.stdout).not.toContain('"error"');
    expect(json.stderr).toContain('the output stopped after 1000 rows and is incomplete');
  });

  it('--resume takes the format from the checkpoint and says so when --format (or --to) is given, as for --from/--filter', async () => {
    const port = Number(new URL(sandbox.gw.url).port);
    const out = join(sandbox.home, 'x.csv');
    sandbox.gw.dropAfterPages = 1;
    expect(
      (await runKt(['events', 'export', '--from', '2025-01-01', '--format', 'csv', '--output', out], { env: env() }))
        .exitCode,
    ).toBe(5);
    const all = sandbox.gw.events;
    await sandbox.restartGateway({ events: all, port });
    const r = await runKt(['events', 'export', '--resume', '-o', out, '--format', 'json'], { env: env() });
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toContain('resuming: the period, filters and format come from the checkpoint');
    expect(r.stderr).toMatch(/exported 2,500 rows \(1,000 from before the resume\), .*, csv, /);
    expect((await readFile(out, 'utf8')).startsWith('id,timestamp,')).toBe(true);
    for (const extra of [['--from', '2025-01-01'], ['--to', 'now'], ['--verdict', 'block'], []]) {
      // One page through, then the connection drops: 1000 rows to resume (the gateway has served pages
      // to the resume before, which would otherwise count against the limit and fail the first page).
      sandbox.gw.pagesServed = 0;
      sandbox.gw.dropAfterPages = 1;
      const argv = ['events', 'export', '--from', '2025-01-01', '--format', 'csv', '--output', out, '--force'];
      expect((await runKt(argv, { env: env() })).exitCode).toBe(5);
      await sandbox.restartGateway({ events: all, port });
      const again = await runKt(['events', 'export', '--resume', '-o', out, ...extra], { env: env() });
      expect(again.exitCode).toBe(0);
      expect(again.stderr.includes('come from the checkpoint'), extra.join(' ')).toBe(extra.length > 0);
    }
  });

  it('an output directory that does not exist is an input error naming the file (exit 3)', async () => {
    const r = await runKt(
      ['events', 'export', '--from', '2025-01-01', '--output', join(sandbox.home, 'no', 'such', 'dir', 'x.csv')],
      { env: env() },
    );
    expect(r.exitCode).toBe(3);
    // The output the operator named, not the export's working files (.part, .kt-export.json).
    expect(r.stderr).toMatch(/dir\/x\.csv: cannot write the export: no such file or directory \(ENOENT\)$/m);
  });

  it('an --output that is a directory is refused before any page is fetched, leaving nothing beside it (exit 3)', async () => {
    const { mkdir, readdir } = await import('node:fs/promises');
    const parent = join(sandbox.home, 'exports');
    await mkdir(join(parent, 'reports'), { recursive: true });
    const before = sandbox.gw.requests.filter((q) => q.path === '/v1/events').length;
    const r = await runKt(
      ['events', 'export', '--from', '2025-01-01', '--format', 'csv', '--output', join(parent, 'reports')],
      { env: env() },
    );
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toMatch(/^kt: error\[input\.cannot_write\]: .*exports\/reports: is a directory/);
    expect(sandbox.gw.requests.filter((q) => q.path === '/v1/events')).toHaveLength(before);
    expect((await readdir(parent)).sort()).toEqual(['reports']);
  });

  it('a relative --output is named as typed in every message about it (it was named by its absolute path); an absolute one stays absolute', async () => {
    const { mkdir } = await import('node:fs/promises');
    await mkdir(join(sandbox.home, 'reports'));
    // --force: the link's target holds an older export.
    const exportTo = (output: string, ...extra: string[]) =>
      runKt(['events', 'export', '--from', '2025-01-01', '--format', 'csv', '--output', output, '--force', ...extra], {
        env: env(),
        cwd: sandbox.home,
      });
    // A directory that does not exist.
    const missing = await exportTo('no/such/x.csv');
    expect([missing.exitCode, missing.stderr]).toEqual([
      3,
      'kt: error[input.cannot_write]: no/such/x.csv: cannot write the export: no such file or directory (ENOENT)\n' +
        '  hint: check that the directory exists\n',
    ]);
    // A path that is a directory (with or without the trailing slash, as typed).
    for (const output of ['reports', './reports/']) {
      const isDir = await exportTo(output);
      expect([isDir.exitCode, isDir.stderr]).toEqual([
        3,
        `kt: error[input.cannot_write]: ${output}: is a directory; --output names the file to write\n` +
          `  hint: e.g. --output ${output.replace(/\/$/, '')}/events.csv\n`,
      ]);
    }
    // A path typed with a trailing "/" names a directory, even where none exists (the file `later` was
    // written) or a file has that name (it was replaced with --force): refused, nothing written.
    await writeFile(join(sandbox.home, 'old.csv'), 'last month\n');
    for (const output of ['later/', 'old.csv/']) {
      const slashed = await exportTo(output);
      expect([slashed.exitCode, slashed.stderr]).toEqual([
        3,
        `kt: error[input.cannot_write]: ${output}: ends with "/", so it names a directory, not the file to write\n` +
          `  hint: name the file, e.g. ${output.slice(0, -1)}/events.csv\n`,
      ]);
    }
    await expect(stat(join(sandbox.home, 'later'))).rejects.toThrow(/ENOENT/);
    expect(await readFile(join(sandbox.home, 'old.csv'), 'utf8')).toBe('last month\n');
    // A part of the path that is a file: about the output, not about a checkpoint beside it.
    await writeFile(join(sandbox.home, 'a-file'), '');
    const notDir = await exportTo('a-file/x.csv');
    expect(notDir.stderr).toMatch(
      /^kt: error\[input\.cannot_write\]: a-file\/x\.csv: cannot write the export: a part of the path is not a directory \(ENOTDIR\)\n/,
    );
    expect(notDir.stderr).toContain('  hint: check that each part of the path before the file name is a directory\n');
    // ENOENT where the directory is there (/proc makes no new files): the hint does not send the user
    // looking for a missing directory.
    if (process.platform === 'linux') {
      const proc = await exportTo('/proc/x.csv');
      expect([proc.exitCode, proc.stderr]).toEqual([
        3,
        'kt: error[input.cannot_write]: /proc/x.csv: cannot write the export: no such file or directory (ENOENT)\n' +
          '  hint: the directory exists but no file can be created in it (as under /proc or /sys); write to another directory\n',
      ]);
      // sysfs refuses a new file with EACCES, even to root: a permissions hint, not a missing directory.
      const sys = await exportTo('/sys/x.csv');
      expect([sys.exitCode, sys.stderr]).toEqual([
        3,
        'kt: error[input.cannot_write]: /sys/x.csv: cannot write the export: permission denied (EACCES)\n' +
          '  hint: you may not create files in that directory: check its permissions, or write to another directory\n',
      ]);
    }
    // Nothing to resume.
    const resume = await runKt(['events', 'export', '--resume', '--output', 'reports/x.csv'], {
      env: env(),
      cwd: sandbox.home,
    });
    expect([resume.exitCode, resume.stderr]).toEqual([
      3,
      'kt: error[input.no_checkpoint]: nothing to resume: no checkpoint reports/x.csv.kt-export.json\n  hint: run the export without --resume\n',
    ]);
    // The summary names the file written as typed too.
    const ok = await exportTo('reports/x.csv');
    expect(ok.exitCode, ok.stderr).toBe(0);
    expect(ok.stderr).toMatch(/ -> reports\/x\.csv\n$/);
    for (const r of [missing, notDir, resume, ok]) expect(r.stderr).not.toContain(sandbox.home);
    // Typed absolute, shown absolute.
    const absolute = await exportTo(join(sandbox.home, 'no', 'x.csv'));
    expect(absolute.stderr).toContain(`kt: error[input.cannot_write]: ${join(sandbox.home, 'no', 'x.csv')}: `);
  });

  it('an --output that is a symbolic link is written through: the file it points to gets the export, the link stays a link (it was replaced by a regular file)', async () => {
    const { lstat, mkdir, readdir, readlink, symlink } = await import('node:fs/promises');
    sandbox.gw.events = events(1500);
    await mkdir(join(sandbox.home, 'data'));
    await writeFile(join(sandbox.home, 'data', 'april.csv'), 'old export\n');
    await symlink('data/april.csv', join(sandbox.home, 'latest.csv'));
    // --force: the link's target holds an older export.
    const exportTo = (output: string, ...extra: string[]) =>
      runKt(['events', 'export', '--from', '2025-01-01', '--format', 'csv', '--output', output, '--force', ...extra], {
        env: env(),
        cwd: sandbox.home,
      });
    const linked = await exportTo('latest.csv');
    expect(linked.exitCode, linked.stderr).toBe(0);
    // Named as typed: the link.
    expect(linked.stderr).toMatch(/ -> latest\.csv\n$/);
    expect((await lstat(join(sandbox.home, 'latest.csv'))).isSymbolicLink()).toBe(true);
    expect(await readlink(join(sandbox.home, 'latest.csv'))).toBe('data/april.csv');
    expect(parseCsv(await readFile(join(sandbox.home, 'data', 'april.csv'), 'utf8'))).toHaveLength(1501);
    // The part file and the checkpoint were beside the target (its file system, for the rename), and are gone.
    expect((await readdir(join(sandbox.home, 'data'))).sort()).toEqual(['april.csv']);

    // Interrupted and resumed through the link: the checkpoint beside the target is found again.
    const port = Number(new URL(sandbox.gw.url).port);
    sandbox.gw.dropAfterPages = sandbox.gw.pagesServed + 1;
    expect((await exportTo('latest.csv')).exitCode).toBe(5);
    expect((await readdir(join(sandbox.home, 'data'))).sort()).toEqual([
      'april.csv',
      'april.csv.kt-export.json',
      'april.csv.part',
    ]);
    await sandbox.restartGateway({ events: events(1500), port });
    const resumed = await runKt(['events', 'export', '--resume', '--output', 'latest.csv'], {
      env: env(),
      cwd: sandbox.home,
    });
    expect(resumed.exitCode, resumed.stderr).toBe(0);
    expect(resumed.stderr).toMatch(/exported 1,500 rows \(1,000 from before the resume\)/);
    expect((await lstat(join(sandbox.home, 'latest.csv'))).isSymbolicLink()).toBe(true);
    expect(parseCsv(await readFile(join(sandbox.home, 'data', 'april.csv'), 'utf8'))).toHaveLength(1501);
    // Files beside the target are named by its path, as found (the user typed only the link).
    const nothing = await runKt(['events', 'export', '--resume', '--output', 'latest.csv'], {
      env: env(),
      cwd: sandbox.home,
    });
    expect(nothing.stderr.split('\n')[0]).toBe(
      `kt: error[input.no_checkpoint]: nothing to resume: no checkpoint ${join(sandbox.home, 'data', 'april.csv')}.kt-export.json`,
    );

    // A dangling link whose directory exists: the file it names is created, the link kept.
    await symlink('data/may.csv', join(sandbox.home, 'next.csv'));
    const dangling = await exportTo('next.csv');
    expect(dangling.exitCode, dangling.stderr).toBe(0);
    expect((await lstat(join(sandbox.home, 'next.csv'))).isSymbolicLink()).toBe(true);
    expect(parseCsv(await readFile(join(sandbox.home, 'data', 'may.csv'), 'utf8'))).toHaveLength(1501);

    // One whose directory does not exist: one line naming the link as typed and where it points, exit 3.
    await symlink('gone/june.csv', join(sandbox.home, 'june.csv'));
    const nowhere = await exportTo('june.csv');
    expect([nowhere.exitCode, nowhere.stderr]).toEqual([
      3,
      'kt: error[input.cannot_write]: june.csv: cannot write: it is a symbolic link to gone/june.csv, whose directory does not exist\n',
    ]);
    expect(await readlink(join(sandbox.home, 'june.csv'))).toBe('gone/june.csv');
  });

  it.skipIf(process.getuid?.() === 0)(
    'a relative --output in a directory kt may not write is named as typed: permission denied (EACCES), exit 3',
    async () => {
      const { chmod, mkdir } = await import('node:fs/promises');
      await mkdir(join(sandbox.home, 'locked'), { mode: 0o500 });
      await chmod(join(sandbox.home, 'locked'), 0o500);
      const r = await runKt(['events', 'export', '--from', '2025-01-01', '--output', 'locked/x.csv'], {
        env: env(),
        cwd: sandbox.home,
      });
      expect([r.exitCode, r.stderr.split('\n')[0]]).toEqual([
        3,
        'kt: error[input.cannot_write]: locked/x.csv: cannot write the export: permission denied (EACCES)',
      ]);
    },
  );

  it('a stdout that cannot be written (--output - or none) is named stdout, not `-`: exit 3, one error line, the rows it got are said to be incomplete', async () => {
    const { run } = await import('../../../src/cli/main.js');
    const full = () => {
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), {
        code: 'ENOSPC',
        errno: -28,
        syscall: 'write',
      });
    };
    for (const output of [['--output', '-'], []]) {
      let err = '';
      const code = await run(['events', 'export', '--from', '2025-01-01', '--format', 'csv', ...output], {
        env: { NO_COLOR: '1', ...env() },
        streams: {
          stdout: { write: full },
          stderr: { write: (s: string) => ((err += s), true) },
          stdin: process.stdin,
        },
      });
      expect([code, err]).toEqual([
        3,
        'kt: error[input.cannot_write]: cannot write to stdout: no space left on the device (ENOSPC)\n' +
          '  hint: the output stopped after 0 rows and is incomplete; export with --output FILE to be able to --resume\n',
      ]);
    }
  });

  it('a stdout stream whose write fails after write() returned (as a real one does): the export says after how many rows, and claims the error so bin/kt.js leaves it to the export', async () => {
    const { Writable } = await import('node:stream');
    const { run, reportStdoutError } = await import('../../../src/cli/main.js');
    let streamed = '';
    let failure: unknown;
    // Takes the first write (the CSV header and the first page of 1000 rows), then the disk is full.
    const stdout = new Writable({
      write(chunk: Buffer, _encoding, done) {
        if (streamed !== '') {
          failure = Object.assign(new Error('ENOSPC: no space left on device, write'), {
            code: 'ENOSPC',
            errno: -28,
            syscall: 'write',
          });
          return done(failure as Error);
        }
        streamed += chunk.toString('utf8');
        done();
      },
    });
    // bin/kt.js listens for this event; with no listener it would be thrown.
    stdout.on('error', () => undefined);
    let err = '';
    const code = await run(['events', 'export', '--from', '2025-01-01', '--format', 'csv'], {
      env: { NO_COLOR: '1', ...env() },
      streams: { stdout, stderr: { write: (s: string) => ((err += s), true) }, stdin: process.stdin },
    });
    expect([code, err]).toEqual([
      3,
      'kt: error[input.cannot_write]: cannot write to stdout: no space left on the device (ENOSPC)\n' +
        '  hint: the output stopped after 1000 rows and is incomplete; export with --output FILE to be able to --resume\n',
    ]);
    expect(parseCsv(streamed)).toHaveLength(1001);
    expect(reportStdoutError(failure, [])).toBeUndefined();
  });

  it('a checkpoint that cannot be removed once the export is renamed into place: exit 0, the file complete, one warning naming the checkpoint (it was exit 3)', async () => {
    const { mkdir, readdir, rm } = await import('node:fs/promises');
    sandbox.gw.events = events(3);
    const checkpoint = join(sandbox.home, 'done.csv.kt-export.json');
    // While the only page is served (the export wrote its first checkpoint before asking, and removes it
    // after the rename), the checkpoint becomes a directory: unlink() cannot remove that, root or not.
    sandbox.gw.faults.push({
      path: '/v1/events',
      before: async () => {
        await rm(checkpoint);
        await mkdir(checkpoint);
      },
    });
    const r = await runKt(['events', 'export', '--from', '2025-01-01', '--format', 'csv', '--output', 'done.csv'], {
      env: env(),
      cwd: sandbox.home,
    });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stderr.split('\n')).toEqual([
      'warning: the export is complete, but its checkpoint done.csv.kt-export.json could not be removed: it is a directory (EISDIR); delete it',
      expect.stringMatching(/^exported 3 rows, .* -> done\.csv$/),
      '',
    ]);
    expect(parseCsv(await readFile(join(sandbox.home, 'done.csv'), 'utf8'))).toHaveLength(4);
    expect((await readdir(sandbox.home)).filter((f) => f.startsWith('done.csv')).sort()).toEqual([
      'done.csv',
      'done.csv.kt-export.json',
    ]);
  });

  it("the export's hint and the error's own are joined by a semicolon, not nested in parentheses", async () => {
    // A port nothing listens on: connection refused, whose own hint has parentheses inside it sometimes.
    const closed = createServer();
    await new Promise<void>((done) => closed.listen(0, '127.0.0.1', done));
    const { port } = closed.address() as AddressInfo;
    await new Promise((done) => closed.close(done));
    const out = join(sandbox.home, 'unreachable.csv');
    const r = await runKt(['events', 'export', '--from', '2025-01-01', '--format', 'csv', '--output', out], {
      env: sandbox.env({ KT_HTTP_MAX_ATTEMPTS: '1', KEEPTRUSTS_API_URL: `http://127.0.0.1:${port}` }),
    });
    expect(r.exitCode).toBe(5);
    expect(r.stderr).toContain(
      `  hint: nothing was written to ${out}, so there is nothing to resume; is the gateway running? start it with \`kt gateway run\`, or pass --api-url\n`,
    );
  });

  it('a filter the server refuses on the first page (400): exit 3, no .part or checkpoint left; a page empty of rows but with a cursor counts, and is kept for --resume', async () => {
    const out = join(sandbox.home, 'refused.csv');
    const args = ['events', 'export', '--from', '2025-01-01', '--format', 'csv', '--output', out, '--filter', 'team:x'];
    sandbox.gw.faults.push({
      path: '/v1/events',
      status: 400,
      body: { error: { type: 'validation_error', code: 'invalid_filter', message: 'team filters are not supported' } },
    });
    const r = await runKt(args, { env: env() });
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toMatch(/^kt: error\[input\.rejected_by_server\]: .*team filters are not supported.*\n/);
    expect(r.stderr).toContain(`hint: nothing was written to ${out}, so there is nothing to resume`);
    expect([out, `${out}.part`, `${out}.kt-export.json`].filter((f) => existsSync(f))).toEqual([]);

    // The server moved the cursor on before failing: that progress is worth a --resume.
    sandbox.gw.faults.push(
      { path: '/v1/events', status: 200, body: { events: [], next_cursor: 'MTAwMA' } },
      { path: '/v1/events', status: 500 },
      { path: '/v1/events', status: 500 },
    );
    const later = await runKt(args, { env: env() });
    expect(later.exitCode).toBe(5);
    expect(later.stderr).toContain('hint: 0 rows are saved; run the same command with --resume to continue');
    expect(JSON.parse(await readFile(`${out}.kt-export.json`, 'utf8'))).toMatchObject({ rows: 0, cursor: 'MTAwMA' });
    expect(existsSync(`${out}.part`)).toBe(true);
  });

  it('--resume without a checkpoint exits 3 with the one error: no "resuming" notice for a resume that does not happen', async () => {
    const out = join(sandbox.home, 'x.csv');
    for (const extra of [[], ['--from', '2025-01-01', '--format', 'csv']]) {
      const r = await runKt(['events', 'export', '--resume', '--output', out, ...extra], { env: env() });
      expect([r.exitCode, r.stdout, r.stderr]).toEqual([
        3,
        '',
        `kt: error[input.no_checkpoint]: nothing to resume: no checkpoint ${out}.kt-export.json\n  hint: run the export without --resume\n`,
      ]);
    }
    // Nor for one without --output.
    const noOutput = await runKt(['events', 'export', '--resume', '--from', '2025-01-01'], { env: env() });
    expect([noOutput.exitCode, noOutput.stderr]).toEqual([
      2,
      'kt: error[usage.resume_needs_output]: --resume needs --output (the file being exported)\n',
    ]);
  });

  it('an interrupted export is not discarded by the same export run again without --resume: exit 3 naming the checkpoint, nothing fetched or touched; --force starts over', async () => {
    sandbox.gw.events = events(1500);
    const port = Number(new URL(sandbox.gw.url).port);
    const out = join(sandbox.home, 'weekly.csv');
    const argv = ['events', 'export', '--from', '2025-01-01', '--format', 'csv', '--output', out];
    sandbox.gw.dropAfterPages = sandbox.gw.pagesServed + 1;
    expect((await runKt(argv, { env: env() })).exitCode).toBe(5);
    await sandbox.restartGateway({ events: events(1500), port });
    const checkpoint = await readFile(`${out}.kt-export.json`, 'utf8');
    const part = await readFile(`${out}.part`);
    const before = sandbox.gw.requests.length;
    const again = await runKt(argv, { env: env() });
    expect([again.exitCode, again.stdout, again.stderr]).toEqual([
      3,
      '',
      `kt: error[input.export_interrupted]: ${out}.kt-export.json: an interrupted export of this file is waiting (1000 rows saved); nothing touched\n` +
        '  hint: add --resume to continue it, or --force to discard it and start over\n',
    ]);
    expect(sandbox.gw.requests.length).toBe(before);
    expect(await readFile(`${out}.kt-export.json`, 'utf8')).toBe(checkpoint);
    expect((await readFile(`${out}.part`)).equals(part)).toBe(true);
    expect(existsSync(out)).toBe(false);
    // --force: discarded with one warning, and the export starts from the first page.
    const forced = await runKt([...argv, '--force'], { env: env() });
    expect(forced.exitCode, forced.stderr).toBe(0);
    expect(forced.stderr).toContain('warning: discarding the interrupted export of 1000 rows (--force)');
    expect(forced.stderr).toMatch(/exported 1,500 rows, /);
    expect(parseCsv(await readFile(out, 'utf8'))).toHaveLength(1501);
    expect([existsSync(`${out}.part`), existsSync(`${out}.kt-export.json`)]).toEqual([false, false]);
  });

  it('a checkpoint that counts nothing (a process killed before its first page) is replaced by a new export without a word; --force also replaces a corrupt one', async () => {
    sandbox.gw.events = events(10);
    const out = join(sandbox.home, 'empty.csv');
    const argv = ['events', 'export', '--from', '2025-01-01', '--format', 'csv', '--output', out];
    const empty = {
      kind: 'kt-events-export',
      version: 1,
      api_url: sandbox.gw.url,
      query: { from: '2025-01-01T00:00:00.000Z', filters: {} },
      format: 'csv',
      neutralize_formulas: true,
      cursor: null,
      rows: 0,
      bytes: 0,
      started_at: '2025-01-01T00:00:00.000Z',
      updated_at: '2025-01-01T00:00:00.000Z',
    };
    await writeFile(`${out}.kt-export.json`, JSON.stringify(empty));
    await writeFile(`${out}.part`, '');
    const r = await runKt(argv, { env: env() });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stderr).not.toContain('warning');
    expect(parseCsv(await readFile(out, 'utf8'))).toHaveLength(11);

    const corrupt = join(sandbox.home, 'corrupt.csv');
    await writeFile(`${corrupt}.kt-export.json`, '{nope');
    const refused = await runKt([...argv.slice(0, -1), corrupt], { env: env() });
    expect(refused.exitCode).toBe(3);
    expect(refused.stderr).toMatch(
      /^kt: error\[input\.invalid_checkpoint\]: .*corrupt\.csv\.kt-export\.json: invalid export checkpoint/,
    );
    const forced = await runKt([...argv.slice(0, -1), corrupt, '--force'], { env: env() });
    expect(forced.exitCode, forced.stderr).toBe(0);
    expect(parseCsv(await readFile(corrupt, 'utf8'))).toHaveLength(11);
    expect(existsSync(`${corrupt}.kt-export.json`)).toBe(false);
  });

  it('refuses an export without --from', async () => {
    const r = await runKt(['events', 'export', '--output', join(sandbox.home, 'x.csv')], { env: env() });
    expect(r.exitCode).toBe(2);
  });

  it('--json is --format json (DESIGN 5: on every command that prints data); errors stay one line on stderr', async () => {
    const r = await runKt(['events', 'export', '--from', '2025-01-01', '--to', '2025-04-30', '--json'], { env: env() });
    expect(r.exitCode, r.stderr).toBe(0);
    const plain = await runKt(['events', 'export', '--from', '2025-01-01', '--to', '2025-04-30', '--format', 'json'], {
      env: env(),
    });
    expect(r.stdout).toBe(plain.stdout);
    expect((JSON.parse(r.stdout) as EventRecord[]).length).toBeGreaterThan(0);
    const clash = await runKt(['events', 'export', '--from', '1h', '--json', '--format', 'csv'], { env: env() });
    expect([clash.exitCode, clash.stdout]).toEqual([2, '']);
    expect(clash.stderr).toContain('error[usage.conflicting_options]: --json conflicts with --format csv');
    const failed = await runKt(['events', 'export', '--from', 'soon', '--json'], { env: env() });
    expect([failed.exitCode, failed.stdout]).toEqual([2, '']);
    expect(failed.stderr).toMatch(/^kt: error\[usage.invalid_time\]/);
  });

  it('a corrupt checkpoint is an input error naming the file', async () => {
    const out = join(sandbox.home, 'c.csv');
    await writeFile(`${out}.kt-export.json`, '{nope');
    const r = await runKt(['events', 'export', '--resume', '--output', out], { env: env() });
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toContain('c.csv.kt-export.json: invalid export checkpoint');
    // The hint gives the command that starts over, which the refusal of a plain export accepts.
    expect(r.stderr).toContain('  hint: export again with --force (without --resume) to start over\n');
    const over = await runKt(['events', 'export', '--from', '2025-01-01', '--output', out, '--force'], { env: env() });
    expect(over.exitCode, over.stderr).toBe(0);
    expect(existsSync(`${out}.kt-export.json`)).toBe(false);
  });
});

describe('streaming output', () => {
  it('--follow (or -f, as tail -f) with an end (--to or --until) is refused before any request: a follow polled past it', async () => {
    sandbox.gw.events = events(3);
    for (const [flag, extra, follow] of [
      ['--to', [], '--follow'],
      ['--until', ['--from', '2025-04-01'], '--follow'],
      ['--to', [], '-f'],
    ] as const) {
      const before = sandbox.gw.requests.length;
      const r = await runKt(['events', 'tail', ...extra, flag, '2025-04-02', follow, '--format', 'ndjson'], {
        env: env(),
      });
      expect(r.exitCode).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain(`usage.invalid_combination`);
      expect(r.stderr).toContain(`cannot be given with ${flag}`);
      expect(sandbox.gw.requests.length).toBe(before);
    }
  });

  it('--follow before any event was printed keeps the period: events older than --from (or than the 24 hours of tail) are never printed', async () => {
    sandbox.gw.events = events(3); // April 2025
    const { run } = await import('../../../src/cli/main.js');
    for (const argv of [
      ['events', 'tail', '--follow', '--format', 'ndjson'],
      ['events', 'list', '--from', '2025-04-02', '--follow', '--format', 'ndjson'],
    ]) {
      let out = '';
      const controller = new AbortController();
      const before = sandbox.gw.requests.length;
      const done = run(argv, {
        env: { NO_COLOR: '1', ...env(), KT_FOLLOW_INTERVAL_MS: '20' },
        signal: controller.signal,
        streams: {
          stdout: { write: (s: string) => ((out += s), true) },
          stderr: { write: () => true },
          stdin: process.stdin,
        },
      });
      // A few polls: each asked from the period's start (it asked for the whole log, and printed it).
      await waitFor(() => sandbox.gw.requests.length >= before + 4);
      controller.abort();
      expect(await done).toBe(130);
      expect(out, argv.join(' ')).toBe('');
      const polls = sandbox.gw.requests.slice(before + 1).filter((x) => x.path === '/v1/events');
      expect(polls.length).toBeGreaterThan(0);
      for (const p of polls) expect(p.query.get('from'), argv.join(' ')).not.toBeNull();
    }
  });

  it('--follow prints new events once each, then stops on interrupt', async () => {
    sandbox.gw.events = events(3);
    const { run } = await import('../../../src/cli/main.js');
    let out = '';
    const controller = new AbortController();
    const done = run(['events', 'list', '--from', '2025-01-01', '--follow', '--format', 'ndjson'], {
      env: { NO_COLOR: '1', ...env(), KT_FOLLOW_INTERVAL_MS: '50' },
      signal: controller.signal,
      streams: {
        stdout: { write: (s: string) => ((out += s), true) },
        stderr: { write: () => true },
        stdin: process.stdin,
      },
    });
    // Wait for each batch to be printed rather than a fixed time (a loaded machine polls late), then
    // let a few more polls run so that a duplicate would show.
    const printed = () => out.split('\n').filter(Boolean).length;
    await waitFor(() => printed() >= 3);
    sandbox.gw.events.push(makeEvent(3), makeEvent(4));
    await waitFor(() => printed() >= 5);
    sandbox.gw.events.push(makeEvent(5));
    await waitFor(() => printed() >= 6);
    const polls = sandbox.gw.requests.length;
    await waitFor(() => sandbox.gw.requests.length >= polls + 4);
    controller.abort();
    expect(await done).toBe(130);
    const ids = out
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as EventRecord).id);
    expect(ids).toEqual([0, 1, 2, 3, 4, 5].map((i) => makeEvent(i).id));
  });

  it('--follow survives a gateway restart: says once on stderr that it is reconnecting, then goes on with nothing lost or repeated', async () => {
    sandbox.gw.events = events(3);
    const port = Number(new URL(sandbox.gw.url).port);
    const { run } = await import('../../../src/cli/main.js');
    let out = '';
    let err = '';
    const controller = new AbortController();
    const done = run(['events', 'list', '--from', '2025-01-01', '--follow', '--format', 'ndjson'], {
      env: { NO_COLOR: '1', ...env(), KT_FOLLOW_INTERVAL_MS: '20', KT_HTTP_MAX_ATTEMPTS: '1' },
      signal: controller.signal,
      streams: {
        stdout: { write: (s: string) => ((out += s), true) },
        stderr: { write: (s: string) => ((err += s), true) },
        stdin: process.stdin,
      },
    });
    const printed = () => out.split('\n').filter(Boolean).length;
    await waitFor(() => printed() >= 3);
    await sandbox.gw.close();
    await waitFor(() => err.includes('reconnecting'));
    // Several polls fail while it is down (20 ms doubling: 40, 80, 160, 320 ms): still one line.
    await new Promise((r) => setTimeout(r, 700));
    await sandbox.restartGateway({ events: [...events(3), makeEvent(3), makeEvent(4)], port });
    await waitFor(() => printed() >= 5, { timeoutMs: 10_000 });
    await waitFor(() => err.includes('reconnected'));
    controller.abort();
    expect(await done).toBe(130);
    const ids = out
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as EventRecord).id);
    expect(ids).toEqual([0, 1, 2, 3, 4].map((i) => makeEvent(i).id));
    expect(err.match(/reconnecting/g)).toHaveLength(1);
    expect(err).toMatch(
      /^warning: GET http:\/\/127\.0\.0\.1:\d+\/v1\/events\?\S*: connection refused; reconnecting until the gateway answers \(Ctrl-C stops\)\nreconnected\n$/,
    );
  });

  it('without --follow a gateway that is gone still exits 5', async () => {
    await sandbox.gw.close();
    const r = await runKt(['events', 'list', '--from', '2025-01-01'], { env: env() });
    expect(r.exitCode).toBe(5);
    expect(r.stderr).toContain('connection refused');
  });

  it('--follow does not pile up a listener per poll on the abort signal (no MaxListenersExceededWarning on a long tail)', async () => {
    sandbox.gw.events = events(3);
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(`${w.name}: ${w.message}`);
    process.on('warning', onWarning);
    try {
      const { run } = await import('../../../src/cli/main.js');
      const controller = new AbortController();
      const done = run(['events', 'list', '--from', '2025-01-01', '--follow', '--format', 'ndjson'], {
        env: { NO_COLOR: '1', ...env(), KT_FOLLOW_INTERVAL_MS: '1' },
        signal: controller.signal,
        streams: { stdout: { write: () => true }, stderr: { write: () => true }, stdin: process.stdin },
      });
      const polls = sandbox.gw.requests.length;
      await waitFor(() => sandbox.gw.requests.length >= polls + 30);
      controller.abort();
      expect(await done).toBe(130);
      await new Promise((r) => setImmediate(r));
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings.filter((w) => /MaxListeners/.test(w))).toEqual([]);
  });

  it('export shows an ora progress line on a terminal stderr only', async () => {
    const { run } = await import('../../../src/cli/main.js');
    let err = '';
    const out = join(sandbox.home, 'p.csv');
    const code = await run(['events', 'export', '--from', '2025-01-01', '--format', 'csv', '--output', out], {
      env: { ...env(), TERM: 'xterm' },
      streams: {
        stdout: { write: () => true, isTTY: true },
        stderr: Object.assign(
          { write: (s: string) => ((err += s), true), isTTY: true, columns: 100 },
          { cursorTo: () => true, clearLine: () => true, moveCursor: () => true },
        ),
        stdin: process.stdin,
      },
    });
    expect(code).toBe(0);
    // ora hides itself under CI; the summary line is always there.
    if (process.env.CI === undefined) expect(err).toContain('exporting events');
    expect(err).toMatch(/exported 2,500 rows/);
  });
  it('export on a terminal stderr that reports 0 columns ends with its summary (ora cleared lines forever there)', async () => {
    const { run } = await import('../../../src/cli/main.js');
    let err = '';
    let cursorMoves = 0;
    const out = join(sandbox.home, 'zero-columns.csv');
    // ora reads CI from the process environment and then stays silent; the spinner must be tried here.
    const ci = process.env.CI;
    delete process.env.CI;
    try {
      const code = await run(['events', 'export', '--from', '2025-01-01', '--format', 'csv', '--output', out], {
        env: { ...env(), TERM: 'xterm' },
        streams: {
          stdout: { write: () => true, isTTY: true },
          stderr: Object.assign(
            { write: (s: string) => ((err += s), true), isTTY: true, columns: 0 },
            {
              cursorTo: () => true,
              clearLine: () => true,
              // The old code moved up a line without end (linesToClear = width / 0): stop it here.
              moveCursor: () => {
                if (++cursorMoves > 1000) throw new Error('the spinner is clearing lines without end');
                return true;
              },
            },
          ),
          stdin: process.stdin,
        },
      });
      expect(code, err).toBe(0);
    } finally {
      if (ci === undefined) delete process.env.CI;
      else process.env.CI = ci;
    }
    expect(cursorMoves).toBeLessThan(10);
    expect(err).toMatch(/exported 2,500 rows/);
  });
});

describe('hostile event pages', () => {
  it('export: a cursor given again after another (A -> B -> A) is refused (exit 5, api.cursor_stuck) instead of paging the same events forever', async () => {
    const page = (i: number, cursor: string) => ({
      path: '/v1/events',
      status: 200,
      body: { events: [makeEvent(i)], next_cursor: cursor },
    });
    const looping = () => [
      page(0, 'A'),
      page(1, 'B'),
      page(2, 'A'),
      ...Array.from({ length: 20 }, (_, n) => page(1 + (n % 2), n % 2 === 0 ? 'B' : 'A')),
    ];
    for (const output of [join(sandbox.home, 'loop.ndjson'), '-']) {
      sandbox.gw.faults.push(...looping());
      const before = sandbox.gw.requests.filter((q) => q.path === '/v1/events').length;
      const r = await runKt(
        ['events', 'export', '--from', '2025-01-01', '--to', '2026-01-01', '--format', 'ndjson', '--output', output],
        { env: env() },
      );
      expect(r.exitCode, r.stderr).toBe(5);
      expect(r.stderr).toMatch(
        /^kt: error\[api\.cursor_stuck\]: GET \/v1\/events: the server returned a cursor it had already given/,
      );
      expect(sandbox.gw.requests.filter((q) => q.path === '/v1/events').length - before).toBe(3);
      const ids = r.stdout.match(/evt_\d+/g) ?? [];
      expect(new Set(ids).size).toBe(ids.length);
      expect(existsSync(join(sandbox.home, 'loop.ndjson'))).toBe(false);
      sandbox.gw.faults.length = 0;
    }
  });

  it('an event nested absurdly deep is an invalid response (exit 5), not a crash, for list and export', async () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    const page = (i: number) =>
      `{"events":[${JSON.stringify(makeEvent(i)).slice(0, -1)},"extra":${deep}}],"next_cursor":null}`;
    const hostile = () => ({ path: '/v1/events', raw: page(0) });
    sandbox.gw.faults.push(hostile(), hostile(), hostile());
    const list = await runKt(['events', 'list', '--from', '2025-01-01', '--format', 'ndjson'], { env: env() });
    expect(list.exitCode).toBe(5);
    expect(list.stderr).toMatch(/api\.invalid_response|too deeply/);
    // Refused as it arrives (the client's depth cap), whatever the output format.
    const csv = await runKt(['events', 'list', '--from', '2025-01-01', '--format', 'csv'], { env: env() });
    expect(csv.exitCode).toBe(5);
    expect(csv.stderr).toContain('GET /v1/events: the response is nested deeper than 64 levels');
    const out = join(sandbox.home, 'deep.ndjson');
    const exp = await runKt(['events', 'export', '--from', '2025-01-01', '--format', 'ndjson', '--output', out], {
      env: env(),
    });
    expect(exp.exitCode).toBe(5);
    expect(exp.stderr).toContain(
      'GET /v1/events: unexpected response shape: an event is nested too deeply to read (the contract nests 4 levels)',
    );
  });
});
