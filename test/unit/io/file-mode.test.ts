import { describe, expect, it } from 'vitest';
import { octalMode, othersAccess } from '../../../src/io/file-mode.js';

describe('othersAccess', () => {
  it('says who besides the owner may read or write, as chmod 600 would take it away', () => {
    expect(othersAccess(0o644)).toBe('readable by its group and others');
    expect(othersAccess(0o640)).toBe('readable by its group');
    expect(othersAccess(0o620)).toBe('writable by its group');
    expect(othersAccess(0o602)).toBe('writable by others');
    expect(othersAccess(0o666)).toBe('readable and writable by its group and others');
    expect(othersAccess(0o664)).toBe('readable by its group and others, writable by its group');
    expect(othersAccess(0o611)).toBe('open to other users');
  });
});

describe('octalMode', () => {
  it('writes permission bits as chmod takes them, three octal digits', () => {
    expect(octalMode(0o644)).toBe('644');
    expect(octalMode(0o044)).toBe('044'); // not "44": a file its owner may not read, as root can still read it
    expect(octalMode(0o004)).toBe('004');
    expect(octalMode(0o100640)).toBe('640'); // a stat mode: only the permission bits
  });
});
