/**
 * A relative --state-dir (or KT_STATE_DIR) is named as typed in the messages of `kt gateway run` and
 * `kt events verify`, as every other path kt names (they printed the directory resolved against the
 * working directory). A state file the gateway cannot use (a directory where a file belongs) is one line
 * naming it, exit 3, not Node's bare `EISDIR: illegal operation on a directory, read` (exit 70 or
 * config.admin_token).
 */
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runKt } from '../../helpers/run-kt.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kt-state-paths-'));
  await writeFile(
    join(dir, 'pack.yaml'),
    'pack: {name: p, version: 1.0.0, enabled: true}\nproviders:\n  targets:\n    - {id: echo, provider: mock}\npolicies:\n  chain: [pii-detector]\npolicy:\n  pii-detector: {action: redact}\n',
  );
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const gatewayRun = (state: string[], env: Record<string, string> = {}) =>
  runKt(['gateway', 'run', '-c', 'pack.yaml', '--listen', '127.0.0.1:0', ...state], {
    cwd: dir,
    env: { HOME: dir, ...env },
  });

/** A state directory `name` (relative to `dir`) holding `files` (a path ending in `/` is a directory). */
async function state(name: string, files: Record<string, string>): Promise<void> {
  for (const [file, text] of Object.entries(files)) {
    const path = join(dir, name, file);
    if (file.endsWith('/')) await mkdir(path, { recursive: true });
    else {
      await mkdir(join(path, '..'), { recursive: true });
      await writeFile(path, text);
    }
  }
}

describe('kt gateway run names a relative --state-dir as typed', () => {
  it('a state directory that cannot be created (a part of it is a file)', async () => {
    await writeFile(join(dir, 'plain-file'), '');
    const r = await gatewayRun(['--state-dir', 'plain-file/state']);
    expect([r.exitCode, r.stderr]).toEqual([
      3,
      'kt: error[input.cannot_write]: plain-file/state: cannot create directory: plain-file is not a directory (ENOTDIR)\n',
    ]);
  });

  it('a damaged state file, from --state-dir or KT_STATE_DIR', async () => {
    await state('damaged', { 'gateway-keys.json': '{"keys": {}}\n' });
    for (const [args, env] of [
      [['--state-dir', 'damaged'], {}],
      [[], { KT_STATE_DIR: 'damaged' }],
    ] as const) {
      const r = await gatewayRun([...args], env);
      expect([r.exitCode, r.stderr.split('\n')[0]]).toEqual([
        3,
        'kt: error[config.state_file_invalid]: damaged/gateway-keys.json: `keys` must be an array',
      ]);
    }
  });

  it('a damaged event log: the hint names the directory to verify as typed', async () => {
    await state('bad-log', { 'events/segment-00000001.jsonl': 'not json\n' });
    const r = await gatewayRun(['--state-dir', 'bad-log']);
    expect([r.exitCode, r.stderr]).toEqual([
      3,
      'kt: error[config.event_log_damaged]: the event log is damaged: the last record of segment-00000001.jsonl (line 1) is not valid JSON\n' +
        '  hint: kt events verify --state-dir bad-log\n',
    ]);
    const verify = await runKt(['events', 'verify', '--state-dir', 'bad-log'], { cwd: dir, env: { HOME: dir } });
    expect([verify.exitCode, verify.stdout]).toEqual([
      1,
      'FAILED: bad-log/events/segment-00000001.jsonl:1: line is not valid JSON\n0 record(s) verified before it\n',
    ]);
  });

  it('a file of the state directory that is a directory: one line naming it, exit 3 (it was exit 70 or a bare EISDIR)', async () => {
    for (const file of ['admin-token', 'gateway.lock', 'hash-key']) {
      const name = `unusable-${file}`;
      await state(name, { [`${file}/`]: '' });
      const r = await gatewayRun(['--state-dir', name]);
      expect([r.exitCode, r.stderr], file).toEqual([
        3,
        `kt: error[config.state_unusable]: ${name}/${file}: cannot use this file of the state directory: it is a directory (EISDIR)\n` +
          '  hint: check the permissions and types of the state directory and its files (--state-dir)\n',
      ]);
    }
  });
});

describe('kt events verify names a relative --state-dir as typed', () => {
  it('no event log, and a damaged head.json', async () => {
    const none = await runKt(['events', 'verify', '--state-dir', 'nothing/here'], { cwd: dir, env: { HOME: dir } });
    expect([none.exitCode, none.stderr.split('\n')[0]]).toEqual([
      3,
      'kt: error[input.no_event_log]: no event log at nothing/here/events',
    ]);
    await state('bad-head', { 'events/head.json': '[]\n' });
    const head = await runKt(['events', 'verify'], { cwd: dir, env: { HOME: dir, KT_STATE_DIR: 'bad-head' } });
    expect([head.exitCode, head.stderr.split('\n')[0]]).toEqual([
      3,
      'kt: error[config.state_file_invalid]: bad-head/events/head.json: must hold a JSON object',
    ]);
  });
});
