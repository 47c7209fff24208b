import { describe, expect, it } from 'vitest';
import { createEpochMicros } from '../../../src/runtime/epoch-micros.js';

/** A wall clock and a monotonic clock the test moves by hand (milliseconds, the monotonic one fractional). */
function clocks(wall: number, mono: number) {
  const c = { wall, mono };
  return {
    c,
    epochMicros: createEpochMicros(
      () => Math.floor(c.wall),
      () => c.mono,
    ),
  };
}

describe('createEpochMicros', () => {
  it('reads microseconds inside the wall clock millisecond', () => {
    const { c, epochMicros } = clocks(1_764_000_000_123, 5000);
    c.mono += 0.456;
    expect(epochMicros()).toBe(1_764_000_000_123_456);
    c.mono += 0.3;
    c.wall += 1; // .123756 is .124 on a wall clock read a little later
    expect(epochMicros()).toBe(1_764_000_000_123_756);
  });

  it('never reads below the previous reading, and each reading is distinct', () => {
    const { epochMicros } = clocks(1_764_000_000_000, 10);
    const a = epochMicros();
    const b = epochMicros();
    const c2 = epochMicros();
    expect(b).toBe(a + 1);
    expect(c2).toBe(a + 2);
  });

  it('takes the wall clock again after it steps (NTP, a suspended machine), forward or back', () => {
    const { c, epochMicros } = clocks(1_764_000_000_000, 10);
    epochMicros();
    c.wall += 60_000; // the monotonic clock did not move: a suspended machine woke up
    c.mono += 0.25;
    expect(Math.floor(epochMicros() / 1000)).toBe(1_764_000_060_000);
    c.wall -= 5_000; // stepped back: readings stay in order rather than follow it
    c.mono += 0.25;
    const back = epochMicros();
    expect(back).toBeGreaterThan(1_764_000_060_000_000);
    // ... and once the wall clock has caught up, readings follow it again.
    c.wall += 10_000;
    c.mono += 1;
    expect(Math.floor(epochMicros() / 1000)).toBe(1_764_000_065_000);
  });
});
