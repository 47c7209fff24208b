/**
 * End to end: a reload of a pack near the size cap keeps the gateway answering with the pack it serves.
 * The parse and lint of ~700 KB of YAML (thousands of patterns) ran on the event loop, so every request
 * waited for the whole reload; they now run on a worker thread. The test asserts answers and their order,
 * not times: /health is asked again and again, each time after the last answer, for as long as the
 * reload is pending, and many answers come back, all from the old pack (one request at most got through
 * before, at the start of the body's upload or between the compile and the swap).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sleep } from '../../helpers/wait.js';
import { cleanup, type Json, mockEchoPack, startGateway, type RunningGateway } from './helpers.js';

const small = mockEchoPack('e2e-large-reload', '', { kind: 'pii-detector', config: '{action: redact}' });

/** A pack of ~700 KB: thousands of terms, topics, tools and patterns, in a deterministic text. */
function largePack(version: string): string {
  const word = (i: number, salt: number) => {
    let x = (i * 2654435761 + salt * 40503) >>> 0;
    let w = '';
    for (let k = 0; k < 5 + (i % 5); k++) {
      w += String.fromCharCode(97 + (x % 26));
      x = Math.floor(x / 26) + k * 7919;
    }
    return w;
  };
  const lines = [
    `pack: {name: e2e-large-reload, version: ${version}, enabled: true}`,
    'providers:',
    '  targets:',
    '    - {id: echo, provider: mock, model: mock-echo}',
    'policies:',
    '  chain: [safety-filter, pii-detector, dlp-filter, agent-firewall]',
    'policy:',
    '  safety-filter:',
    '    action: block',
    '    blocked_topics:',
  ];
  for (let i = 0; i < 5000; i++) lines.push(`      - "${word(i, 1)} ${word(i, 2)} ${i}"`);
  lines.push('  pii-detector:', '    action: redact', '    detect_patterns:');
  for (let i = 0; i < 1000; i++) lines.push(`      - "${word(i, 3)}-[0-9]{4,8}-${i}"`);
  lines.push('  dlp-filter:', '    blocked_terms:');
  for (let i = 0; i < 5000; i++) lines.push(`      - "${word(i, 4)}${i} ${word(i, 5)}"`);
  lines.push('    patterns:');
  for (let i = 0; i < 2000; i++)
    lines.push(`      - {name: p${i}, regex: "${word(i, 6)}_[A-Za-z0-9]{16,32}-${i}", action: redact}`);
  lines.push('  agent-firewall:', '    allowed_tools:');
  for (let i = 0; i < 3000; i++) lines.push(`      - tool_${word(i, 7)}_${i}`);
  return `${lines.join('\n')}\n`;
}

let gw: RunningGateway;
beforeAll(async () => {
  gw = await startGateway(small);
});
afterAll(async () => {
  await cleanup(gw);
});

const health = async (): Promise<Json> => (await fetch(`${gw.url}/health`)).json();

describe('reload of a large pack', () => {
  it('requests are answered by the old pack while the new one is checked, and by the new one after', async () => {
    const text = largePack('2.0.0');
    expect(text.length).toBeGreaterThan(500_000);
    let answered = false;
    const reload = gw.admin('/keeptrusts/config/reload', { method: 'POST', body: { document: text } }).finally(() => {
      answered = true;
    });
    // One /health at a time, each sent after the previous answer, until the reload answers.
    const during: string[] = [];
    while (!answered) {
      const version = ((await health()) as Json).pack.version as string;
      if (!answered) during.push(version);
    }
    const r = await reload;
    expect(r.status, JSON.stringify(r.body).slice(0, 500)).toBe(200);
    expect(r.body).toMatchObject({ reloaded: true, current: { version: '2.0.0' } });
    // Answered while the reload was pending: all by the pack served then, and many of them (the loop
    // above got one answer at most while the event loop was held for the whole reload).
    expect(new Set(during)).toEqual(new Set(['1.0.0']));
    expect(during.length).toBeGreaterThanOrEqual(10);
    expect(((await health()) as Json).pack.version).toBe('2.0.0');
  }, 120_000);

  it('a large pack with an error is refused with its diagnostics positioned (they come back from the thread), and the old pack serves on', async () => {
    const text = `${largePack('3.0.0')}  dlp-filter-typo: {}\n`;
    const line = text.trimEnd().split('\n').length;
    const r = await gw.admin('/keeptrusts/config/reload', { method: 'POST', body: { document: text } });
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe('invalid_pack');
    expect(r.body.diagnostics.some((d: Json) => d.severity === 'error' && d.line === line)).toBe(true);
    expect(((await health()) as Json).pack.version).toBe('2.0.0');
  }, 120_000);

  it('keep_pack (what kt config-vars rotate sends) takes the served chain as it is: the same pack, reloaded', async () => {
    const before = (await health()) as Json;
    const r = await gw.admin('/keeptrusts/config/reload', { method: 'POST', body: { keep_pack: true } });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      reloaded: true,
      previous: { hash: before.pack.hash },
      current: { hash: before.pack.hash, version: '2.0.0' },
      chain_changes: { added: [], removed: [], reordered: false },
    });
    // The chain taken over still serves (test/unit/runtime/reload-reuse.test.ts counts the compiles).
    const res = await fetch(`${gw.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'mock-echo', messages: [{ role: 'user', content: 'ok' }] }),
    });
    expect(res.status).toBe(200);
  }, 60_000);

  it('keep_pack queued behind a push keeps the pushed pack: a rotation during `kt gateway reload --file` never swaps it back', async () => {
    // keep_pack took the pack served when it was asked for; reloads are serialised, so one that arrived
    // while a large push was being checked ran after it and put the previous pack back (previous 4.0.0,
    // current 2.0.0).
    const push = gw.admin('/keeptrusts/config/reload', { method: 'POST', body: { document: largePack('4.0.0') } });
    await sleep(300); // the push is being checked (a second or more on its worker thread) when keep_pack comes
    const keep = await gw.admin('/keeptrusts/config/reload', { method: 'POST', body: { keep_pack: true } });
    const pushed = await push;
    expect([pushed.status, keep.status]).toEqual([200, 200]);
    expect(pushed.body.current.version).toBe('4.0.0');
    // Whichever ran first, keep_pack reloaded the pack it found served, and the pushed one serves on.
    expect(keep.body.current).toEqual(keep.body.previous);
    expect(((await health()) as Json).pack.version).toBe('4.0.0');
  }, 120_000);
});
