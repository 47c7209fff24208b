import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FIXED_NSN, layoutScore, phoneScore } from '../../../../src/core/detectors/pii-phone.js';

/**
 * The numbering-layout rules written the plain way (arrays of sizes, joined digits, a regex per
 * separator): the scorer must give the same answer for every window of groups and separators.
 */
function referenceScore(
  groups: ReadonlyArray<{ digits: string; parens: boolean }>,
  seps: readonly string[],
  plus: boolean,
): number | null {
  const nanpValid = (ten: string): boolean =>
    ten.length === 10 &&
    ten[0] !== '0' &&
    ten[0] !== '1' &&
    ten[3] !== '0' &&
    ten[3] !== '1' &&
    !(ten[1] === '1' && ten[2] === '1');
  const sizes = groups.map((x) => x.digits.length);
  const all = groups.map((x) => x.digits).join('');
  const total = all.length;
  const plain = seps.map((sep) => sep.replace(/[()]/g, '').trim());
  const dotted = plain.filter((s) => s.includes('.')).length;
  const head = groups[0]?.digits ?? '';
  const intl = plus || (groups.length > 1 && head.startsWith('00') && head.length <= 5 && head[2] !== '0');
  if (dotted > 0 && dotted !== seps.length && !(intl && dotted === seps.length - 1 && !plain[0]!.includes('.')))
    return null;
  if (plain.filter((s) => s.includes('/')).length > 1) return null;
  // A slash with a space beside it only right after an area code, before a subscriber number: the trunk-0
  // one of a national number (030 / 1234567) or the one after a country code (+49 30 / 1234567, 0049 30 / ...,
  // +49 (0)30 / ...).
  const spacedSlash = (s: string) => /[ \u00a0\u202f]\/|\/[ \u00a0\u202f]/.test(s);
  const digitsAt = (k: number) => groups[k]?.digits ?? '';
  const glued00 = /^00[1-9]\d{0,2}$/.test(digitsAt(0));
  const areaSlash = (k: number): boolean => {
    if (!/^[1-9]\d/.test(digitsAt(k + 1))) return false;
    if (!plus && !glued00) return k === 0 && /^0[1-9]\d{1,3}$/.test(digitsAt(0));
    const trunk = k === 2 && digitsAt(1) === '0' && groups[1]!.parens;
    return (k === 1 || trunk) && digitsAt(0).length <= (glued00 ? 5 : 3) && /^[1-9]\d{0,3}$/.test(digitsAt(k));
  };
  if (seps.some((s, k) => spacedSlash(s) && !areaSlash(k))) return null;
  if (plain.some((s) => s.length > 1 && !/^[ \u00a0\u202f]?-[ \u00a0\u202f]?$/.test(s))) return null;
  // Bare dashes and dashes with a space beside them are not mixed in one number.
  const dashes = seps.filter((s) => s.includes('-'));
  const spaced = (s: string) => /[ \u00a0\u202f]-|-[ \u00a0\u202f]/.test(s);
  if (dashes.some(spaced) && dashes.some((s) => !spaced(s))) return null;
  if (/^(\d)\1+$/.test(all)) return null;
  const first = groups[0]?.digits ?? '';
  const leading00 = !plus && groups.length > 1 && first.startsWith('00') && first.length <= 5 && first[2] !== '0';
  if (plus || leading00) {
    // "00" alone, then an area code in parentheses: the "00" ends something else.
    if (leading00 && first.length === 2 && (groups[1]!.parens || seps[0]!.includes('('))) return null;
    let rest = groups.slice();
    if (leading00)
      rest = first.length === 2 ? groups.slice(1) : [{ digits: first.slice(2), parens: false }, ...groups.slice(1)];
    let digits = rest.map((x) => x.digits).join('');
    if (digits.length < 8 || digits.length > 15 || digits[0] === '0') return null;
    let cc = '';
    if (rest.length > 1 && rest[0]!.digits.length <= 3) cc = rest[0]!.digits;
    else cc = [1, 2, 3].map((n) => digits.slice(0, n)).find((p) => FIXED_NSN[p] !== undefined) ?? '';
    if (cc) {
      if (rest.length > 1 && rest[1]!.digits === '0' && rest[1]!.parens) {
        rest = [rest[0]!, ...rest.slice(2)];
        digits = rest.map((x) => x.digits).join('');
      }
      const nsn = digits.slice(cc.length);
      const allowed = FIXED_NSN[cc];
      if (allowed && !allowed.includes(nsn.length)) return null;
      if (cc === '1' && !nanpValid(nsn)) return 0.55;
      if (!allowed && (nsn.length < 6 || nsn.length > 13)) return null;
      return allowed ? 0.8 : 0.65;
    }
    return 0.55;
  }
  if (groups.length === 1 && /^00[1-9]\d{7,14}$/.test(all)) {
    const rest = all.slice(2);
    const cc = [1, 2, 3].map((n) => rest.slice(0, n)).find((p) => FIXED_NSN[p] !== undefined);
    if (cc === undefined || !FIXED_NSN[cc]!.includes(rest.length - cc.length)) return null;
    return cc === '1' && !nanpValid(rest.slice(1)) ? null : 0.3;
  }
  // A country code without its "+": its own group, then its national length (a one-digit group only after it).
  const bareCountry = (): number | null => {
    const code = groups[0]!.digits;
    if (groups.length < 2 || code.length < 2 || code.length > 3 || code[0] === '0' || groups[0]!.parens) return null;
    if (!(FIXED_NSN[code] ?? []).includes(total - code.length)) return null;
    return groups.slice(2).some((x) => x.digits.length === 1) ? null : 0.3;
  };
  if (groups.some((x, idx) => x.digits.length === 1 && idx !== 0)) return bareCountry();
  if (total === 10 && sizes.join() === '3,3,4') return nanpValid(all) ? 0.7 : 0.55;
  if (total === 11 && sizes.join() === '1,3,3,4' && all[0] === '1') return nanpValid(all.slice(1)) ? 0.7 : 0.55;
  if (groups.length === 1 && total === 10 && nanpValid(all)) return 0.3;
  if (groups.length === 1 && /^0[1-9]\d{8,10}$/.test(all)) return 0.3;
  if (/^1[3-9]\d{9}$/.test(all)) {
    if (sizes.join() === '3,4,4' && dotted === 0) return 0.55;
    if (groups.length === 1) return 0.3;
  }
  if (sizes[0] === 2 && groups.length === 3 && (total === 10 || total === 11) && sizes[2] === 4 && all[0] !== '0') {
    if (groups[0]!.parens) return 0.7;
    if (all[1] !== '0') return 0.3;
  }
  if (total === 10 && sizes.join() === '5,5' && /^[6-9]/.test(all)) return 0.55;
  if (
    all[0] === '0' &&
    all[1] !== '0' &&
    groups.length >= 2 &&
    total >= 10 &&
    total <= 12 &&
    sizes.every((s) => s >= 2)
  ) {
    if (sizes.length === 5 && sizes.every((s) => s === 2)) return total === 10 ? 0.7 : null;
    if (sizes[0]! > 6) return null;
    // No plan has the two-digit trunk area code 01 (UK 01 codes have four or five digits).
    if (sizes[0] === 2 && all[1] === '1') return null;
    return 0.6;
  }
  if (
    all[0] === '0' &&
    all[1] !== '0' &&
    groups.length >= 2 &&
    total === 9 &&
    sizes.every((s) => s >= 2) &&
    sizes[0]! <= 5
  )
    return 0.3;
  // Nine digits without a trunk prefix (Spain, Portugal, ...), not in an SSN's 3-2-4 groups.
  if (
    total === 9 &&
    groups.length >= 2 &&
    /^[2-9]/.test(all) &&
    sizes.every((s) => s >= 2) &&
    sizes[0]! <= 3 &&
    sizes.join() !== '3,2,4'
  )
    return 0.3;
  return bareCountry();
}

const group = fc.record({
  digits: fc.oneof(
    fc.constantFrom(
      '0',
      '00',
      '001',
      '0044',
      '00440',
      '00442079460958',
      '0014155550132',
      '1',
      '44',
      '49',
      '415',
      '555',
      '0132',
      '20',
      '7946',
      '0958',
      '98765',
      '43210',
      '11',
      '91234',
      '5678',
      '030',
      '1234567',
      '7',
      '07700900123',
      '0612345678',
      '015112345678',
      '138',
      '0013',
      '8000',
      '13800138000',
    ),
    fc.stringMatching(/^[0-9]{1,7}$/),
  ),
  parens: fc.boolean(),
});
// Separators as a run reads them: up to three of space, '-', '.', '/', ')', no-break space, plus '('.
const sep = fc
  .array(fc.constantFrom(' ', '-', '.', '/', '(', ')', '\u00a0', '\u202f'), { maxLength: 4 })
  .map((chars) => chars.join(''));
const layout = fc
  .array(group, { minLength: 1, maxLength: 9 })
  .chain((groups) =>
    fc.tuple(
      fc.constant(groups),
      fc.array(sep, { minLength: groups.length - 1, maxLength: groups.length - 1 }),
      fc.boolean(),
    ),
  );

describe('phone layout score', () => {
  it('gives the reference answer for whole runs and for every window of groups', () => {
    fc.assert(
      fc.property(layout, fc.nat(), fc.nat(), ([groups, seps, plus], a, b) => {
        expect(phoneScore(groups, seps, plus)).toBe(referenceScore(groups, seps, plus));
        const s = a % groups.length;
        const len = 1 + (b % (groups.length - s));
        expect(layoutScore(groups, seps, s, len, plus)).toBe(
          referenceScore(groups.slice(s, s + len), seps.slice(s, s + len - 1), plus),
        );
      }),
      { numRuns: 5000 },
    );
  });

  it('scores the documented layouts', () => {
    const g = (...parts: string[]) => parts.map((digits) => ({ digits, parens: false }));
    expect(phoneScore(g('1', '415', '555', '0132'), [' ', '-', '-'], true)).toBe(0.8);
    expect(phoneScore(g('415', '555', '0132'), ['-', '-'], false)).toBe(0.7);
    expect(phoneScore(g('415', '555', '0132'), [' - ', ' - '], false)).toBe(0.7);
    expect(phoneScore(g('415', '555', '0132'), ['.', '-'], false)).toBeNull();
    expect(phoneScore(g('415', '555', '0132'), ['--', '-'], false)).toBeNull();
    expect(phoneScore(g('030', '123', '4567'), ['/', '/'], false)).toBeNull();
    expect(phoneScore(g('0044', '20', '7946', '0958'), [' ', ' ', ' '], false)).toBe(0.8);
    expect(phoneScore(g('00', '44', '20', '7946', '0958'), [' ', ' ', ' ', ' '], false)).toBe(0.8);
    expect(
      phoneScore(
        [{ digits: '44', parens: false }, { digits: '0', parens: true }, ...g('20', '7946', '0958')],
        [' (', ') ', ' ', ' '],
        true,
      ),
    ).toBe(0.8);
    expect(phoneScore(g('01', '23', '45', '67', '89'), [' ', ' ', ' ', ' '], false)).toBe(0.7);
    expect(phoneScore(g('555', '555', '5555'), ['-', '-'], false)).toBeNull();
  });
});
