/**
 * End to end: `kt gateway keys create|list|revoke` (real processes) against a real `kt gateway run` that
 * enforces the zero-trust seed pack (rbac.require_auth, deny_if_missing [role, team]) with the mock
 * provider, and a real OpenAI client using the keys kt made. A key is printed once (stdout or a new 0600
 * file) and appears in no stderr, debug output, log, event or state file.
 */
import { readFileSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv2020 from 'ajv/dist/2020.js';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allText, cleanup, startGateway, type RunningGateway } from '../gateway/helpers.js';
import { runKtProcess, type KtRun } from '../../helpers/run-kt.js';
import { waitFor } from '../../helpers/wait.js';
import outputSchema from '../../../schemas/operator-output.schema.json' with { type: 'json' };

const seed = readFileSync(fileURLToPath(new URL('../../../examples/zero-trust-gateway.yaml', import.meta.url)), 'utf8');
const MOCK = '\nproviders:\n  targets:\n    - {id: echo, provider: mock, model: mock-echo}\n';

let gw: RunningGateway;
const keys: string[] = [];
const transcript: string[] = [];

beforeAll(async () => {
  gw = await startGateway(seed + MOCK);
});
afterAll(async () => {
  await cleanup(gw);
});

async function kt(argv: string[]): Promise<KtRun> {
  const r = await runKtProcess(argv, {
    env: { HOME: gw.dir, KT_STATE_DIR: gw.stateDir },
    cwd: gw.dir,
    timeoutMs: 30_000,
  });
  transcript.push(r.stderr);
  return r;
}

const ask = (key: string) =>
  new OpenAI({ apiKey: key, baseURL: `${gw.url}/v1`, maxRetries: 0 }).chat.completions.create({
    model: 'mock-echo',
    messages: [{ role: 'user', content: 'Summarise our refund policy.' }],
  });
const statusOf = async (key: string): Promise<number> => {
  try {
    await ask(key);
    return 200;
  } catch (error) {
    return (error as InstanceType<typeof OpenAI.APIError>).status ?? 0;
  }
};

describe('kt gateway keys', () => {
  it('create prints the key alone on stdout; the gateway then answers a client that sends it', async () => {
    // Written right after the "listening on" line that startGateway waits for.
    await waitFor(() => gw.stderr().includes('rbac.require_auth is on'));
    expect(gw.stderr()).toContain('rbac.require_auth is on: clients need a gateway key (kt gateway keys create');
    expect(gw.stderr()).not.toContain('no providers.targets');
    expect(await statusOf('kt_gk_not-a-key')).toBe(401);
    const r = await kt([
      'gateway',
      'keys',
      'create',
      '--user',
      'ana',
      '--role',
      'analyst',
      '--team',
      'risk',
      '--expires-in',
      '30d',
      '--debug',
    ]);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/^kt_gk_[A-Za-z0-9_-]{43}\n$/);
    const key = r.stdout.trim();
    keys.push(key);
    expect(r.stderr).toMatch(
      /created gateway key gk_[0-9a-f]{16} \(user ana, role analyst, team risk, expires \d{4}-\d\d-\d\dT[^)]+\); it is shown once/,
    );
    expect(r.stderr).toContain('debug: ');
    const answer = await ask(key);
    expect(answer.choices[0]!.message.content).toBe('Summarise our refund policy.');
  });

  it('a key without the team the pack requires is refused with 403', async () => {
    const r = await kt(['gateway', 'keys', 'create', '--user', 'dana', '--role', 'analyst', '--json']);
    expect(r.exitCode).toBe(0);
    const created = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(created).toMatchObject({ user: 'dana', role: 'analyst', team: null, expires_at: null });
    expect(created.id).toMatch(/^gk_/);
    keys.push(created.key as string);
    expect(await statusOf(created.key as string)).toBe(403);
  });

  it('--output-file writes a new 0600 file and never overwrites one', async () => {
    const file = join(gw.dir, 'ci-bot.key');
    const r = await kt([
      'gateway',
      'keys',
      'create',
      '--user',
      'ci-bot',
      '--role',
      'engineer',
      '--team',
      'platform',
      '-o',
      'ci-bot.key',
    ]);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(
      /^created gateway key gk_[0-9a-f]{16} \(user ci-bot, role engineer, team platform, no expiry\); written to ci-bot\.key \(mode 0600\)\n$/,
    );
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const key = (await readFile(file, 'utf8')).trim();
    expect(key).toMatch(/^kt_gk_/);
    expect(r.stdout).not.toContain(key);
    keys.push(key);
    expect(await statusOf(key)).toBe(200);

    const before = (await kt(['gateway', 'keys', 'list', '--json'])).stdout;
    const again = await kt(['gateway', 'keys', 'create', '--user', 'ci-bot', '-o', 'ci-bot.key']);
    expect(again.exitCode).toBe(3);
    expect(again.stderr).toContain('input.file_exists');
    expect((await readFile(file, 'utf8')).trim()).toBe(key);
    // Refused before any key was made.
    expect((await kt(['gateway', 'keys', 'list', '--json'])).stdout).toBe(before);
    // A file that cannot be written: the key made for it is revoked, and the code is the one every
    // other unwritable output gets (input.cannot_write, exit 3).
    const unwritable = await kt(['gateway', 'keys', 'create', '--user', 'ci-bot', '-o', 'no-such-dir/ci-bot.key']);
    expect(unwritable.exitCode).toBe(3);
    expect(unwritable.stderr).toMatch(
      /^kt: error\[input\.cannot_write\]: no-such-dir\/ci-bot\.key: cannot write the gateway key to no-such-dir\/ci-bot\.key \(.*\); key gk_[0-9a-f]{16} was revoked\n$/,
    );
    // `-o keys/` names a directory: refused before a key is made (a file named `keys` was written).
    const listed = (await kt(['gateway', 'keys', 'list', '--json'])).stdout;
    const slashed = await kt(['gateway', 'keys', 'create', '--user', 'ci-bot', '-o', 'keys/']);
    expect([slashed.exitCode, slashed.stdout, slashed.stderr]).toEqual([
      3,
      '',
      'kt: error[input.cannot_write]: keys/: ends with "/", so it names a directory, not the file to write\n' +
        '  hint: name the file, e.g. keys/ci-bot.key\n',
    ]);
    await expect(stat(join(gw.dir, 'keys'))).rejects.toThrow(/ENOENT/);
    expect((await kt(['gateway', 'keys', 'list', '--json'])).stdout).toBe(listed);
  });

  it('list shows metadata only; revoke refuses the key from then on', async () => {
    // The table is what a terminal gets (--format text here: stdout is a pipe in this test).
    const list = await kt(['gateway', 'keys', 'list', '--format', 'text']);
    expect(list.exitCode).toBe(0);
    expect(list.stdout.split('\n')[0]!.split(/\s+/)).toEqual([
      'ID',
      'PREFIX',
      'USER',
      'ROLE',
      'TEAM',
      'CREATED',
      'EXPIRES',
    ]);
    expect(list.stdout).toMatch(/^gk_[0-9a-f]{16}\s+kt_gk_\S{4}\.\.\.\s+ana\s+analyst\s+risk\s+\S+\s+\d{4}-/m);
    expect(list.stdout).toMatch(/^gk_[0-9a-f]{16}\s+\S+\s+dana\s+analyst\s+-\s+\S+\s+never$/m);
    const json = JSON.parse((await kt(['gateway', 'keys', 'list', '--json'])).stdout) as {
      keys: Array<Record<string, unknown>>;
    };
    expect(json.keys).toHaveLength(3);
    for (const k of json.keys) expect(k).not.toHaveProperty('key');

    const ana = json.keys.find((k) => k.user === 'ana')!;
    expect(await statusOf(keys[0]!)).toBe(200);
    const refused = await kt(['gateway', 'keys', 'revoke', ana.id as string]);
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr).toContain('without --yes');
    const revoked = await kt(['gateway', 'keys', 'revoke', ana.id as string, '--yes']);
    expect(revoked.exitCode).toBe(0);
    expect(revoked.stdout).toBe(`revoked ${ana.id as string}\n`);
    expect(await statusOf(keys[0]!)).toBe(401);
    const gone = await kt(['gateway', 'keys', 'delete', ana.id as string, '--yes']);
    expect(gone.exitCode).toBe(3);
    expect(gone.stderr).toContain(`gateway key ${ana.id as string} does not exist`);
  });

  it('bad arguments are usage errors, refused before any request', async () => {
    const before = (await kt(['gateway', 'keys', 'list', '--json'])).stdout;
    for (const argv of [
      ['gateway', 'keys', 'create'],
      ['gateway', 'keys', 'create', '--user', 'x', '--expires-in', 'forever'],
      ['gateway', 'keys', 'create', '--user', 'x', '--expires-in', '99999999d'],
      ['gateway', 'keys', 'create', '--user', 'x', '--expires-in', '1M'],
      ['gateway', 'keys', 'create', '--user', 'a\u001b[31mb'],
      ['gateway', 'keys', 'create', '--user', 'x', '--team', 'risk,ops'],
      ['gateway', 'keys', 'revoke', '../admin', '--yes'],
    ]) {
      const r = await kt(argv);
      expect(r.exitCode, argv.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
    }
    // 1M is a month to some and a minute to others: refused with the reason, never guessed.
    expect((await kt(['gateway', 'keys', 'create', '--user', 'x', '--expires-in', '1M'])).stderr).toContain(
      '--expires-in "1M": "M" is ambiguous (minutes or months?)',
    );
    // A comma is "or" in event filters (team:risk,ops): a team named so could never be filtered.
    expect((await kt(['gateway', 'keys', 'create', '--user', 'x', '--team', 'risk,ops'])).stderr).toContain(
      '--team must be 1-200 characters without control characters or commas',
    );
    expect((await kt(['gateway', 'keys', 'list', '--json'])).stdout).toBe(before);
    // Unambiguous units read in either case.
    const upper = await kt(['gateway', 'keys', 'create', '--user', 'upper-h', '--expires-in', '12H', '--json']);
    expect(upper.exitCode, upper.stderr).toBe(0);
  });

  it('--json of create, list, revoke (and events verify) matches schemas/operator-output.schema.json', async () => {
    const ajv = new Ajv2020.default({ strict: false, allErrors: true });
    ajv.addSchema(outputSchema);
    const check = (def: string, data: unknown) => {
      const validate = ajv.getSchema(`${outputSchema.$id}#/$defs/${def}`);
      expect(validate, `$defs/${def}`).toBeDefined();
      expect(validate!(data), JSON.stringify(validate!.errors)).toBe(true);
    };
    const created = JSON.parse((await kt(['gateway', 'keys', 'create', '--user', 'eve', '--json'])).stdout) as Record<
      string,
      unknown
    >;
    keys.push(created.key as string);
    check('gatewayKeyCreate', created);
    const toFile = await kt([
      'gateway',
      'keys',
      'create',
      '--user',
      'fay',
      '--expires-in',
      '12h',
      '-o',
      'fay.key',
      '--json',
    ]);
    expect(toFile.exitCode).toBe(0);
    keys.push((await readFile(join(gw.dir, 'fay.key'), 'utf8')).trim());
    const written = JSON.parse(toFile.stdout) as Record<string, unknown>;
    expect(written).not.toHaveProperty('key');
    check('gatewayKeyCreate', written);
    const listed = JSON.parse((await kt(['gateway', 'keys', 'list', '--json'])).stdout) as { keys: unknown[] };
    check('gatewayKeyList', listed);
    // Into a pipe, with no --format: NDJSON, one key's metadata per line (as config-vars and events list).
    const piped = await kt(['gateway', 'keys', 'list']);
    expect([piped.exitCode, piped.stderr]).toEqual([0, '']);
    const lines = piped.stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as unknown);
    expect(lines).toEqual(listed.keys);
    for (const line of lines) check('gatewayKey', line);
    const csv = await kt(['gateway', 'keys', 'list', '--format', 'csv']);
    expect(csv.stdout.split('\r\n')[0]).toBe('id,prefix,user,role,team,created_at,expires_at');
    expect(csv.stdout.split('\r\n')).toHaveLength(listed.keys.length + 2);
    check(
      'gatewayKeyRevoke',
      JSON.parse((await kt(['gateway', 'keys', 'revoke', created.id as string, '--yes', '--json'])).stdout),
    );
    check('eventsVerify', JSON.parse((await kt(['events', 'verify', '--state-dir', gw.stateDir, '--json'])).stdout));
  });

  it('no key appears in any stderr, debug output, gateway log, event or state file', async () => {
    expect(keys.length).toBeGreaterThanOrEqual(3);
    const state = await allText(gw.stateDir);
    const events = JSON.stringify((await gw.admin('/v1/events?limit=1000')).body);
    for (const key of keys) {
      for (const text of [...transcript, gw.stderr(), state, events]) expect(text).not.toContain(key);
      // Nor the secret part of it (the listing's prefix is its first ten characters).
      for (const text of [...transcript, gw.stderr(), state, events]) expect(text).not.toContain(key.slice(12));
    }
  });
});
