import { describe, expect, it } from 'vitest';
import { othersAccess } from '../../../src/io/file-mode.js';

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
