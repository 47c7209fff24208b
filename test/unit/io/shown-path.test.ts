/**
 * A path is named as the user typed it: the typed path itself, files under it and beside it (`.part`),
 * and its parents within what was typed; anything else, and a path typed absolute, as it is.
 */
import { describe, expect, it } from 'vitest';
import { showAsTyped, showFirst } from '../../../src/io/shown-path.js';

describe('showAsTyped', () => {
  const cwd = '/home/me/work';

  it('names the resolved path, the files under it and the files named after it as typed', () => {
    const show = showAsTyped('out/x.csv', `${cwd}/out/x.csv`);
    expect(show(`${cwd}/out/x.csv`)).toBe('out/x.csv');
    expect(show(`${cwd}/out/x.csv.part`)).toBe('out/x.csv.part');
    expect(show(`${cwd}/out/x.csv.kt-export.json`)).toBe('out/x.csv.kt-export.json');
    expect(show(`${cwd}/out`)).toBe('out');
    // Not within what was typed: absolute.
    expect(show(cwd)).toBe(cwd);
    expect(show('/etc/passwd')).toBe('/etc/passwd');
    expect(show(`${cwd}/out/y.csv`)).toBe(`${cwd}/out/y.csv`);
  });

  it('a directory: files under it keep the spelling typed (./, a trailing slash)', () => {
    const show = showAsTyped('./state/', `${cwd}/state`);
    expect(show(`${cwd}/state`)).toBe('./state/');
    expect(show(`${cwd}/state/admin-token`)).toBe('./state/admin-token');
    expect(show(`${cwd}/state/events/head.json`)).toBe('./state/events/head.json');
    expect(show(`${cwd}/state.old`)).toBe('./state.old');
  });

  it('`.` and `..` name no file: only what is under them is shown through them', () => {
    const dot = showAsTyped('.', cwd);
    expect(dot(cwd)).toBe('.');
    expect(dot(`${cwd}/admin-token`)).toBe('./admin-token');
    expect(dot(`${cwd}.part`)).toBe(`${cwd}.part`);
    const up = showAsTyped('../s', '/home/me/s');
    expect(up('/home/me/s/x')).toBe('../s/x');
    expect(up('/home/me')).toBe('/home/me');
  });

  it('a path typed absolute stays as typed', () => {
    const show = showAsTyped('/srv/kt/state', '/srv/kt/state');
    expect(show('/srv/kt/state/admin-token')).toBe('/srv/kt/state/admin-token');
    const dotted = showAsTyped('/srv/kt/../state', '/srv/state');
    expect(dotted('/srv/state/admin-token')).toBe('/srv/kt/../state/admin-token');
    expect(dotted('/srv')).toBe('/srv');
  });

  it('showFirst: the first that knows the path', () => {
    const show = showFirst(showAsTyped('pack.yaml', `${cwd}/pack.yaml`), showAsTyped('state', `${cwd}/state`));
    expect(show(`${cwd}/pack.yaml`)).toBe('pack.yaml');
    expect(show(`${cwd}/state/gateway.lock`)).toBe('state/gateway.lock');
    expect(show('/tmp/x')).toBe('/tmp/x');
  });
});
