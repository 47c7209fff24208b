// Hang guards: hostile input (huge, repetitive, built to make a scan or a regex explode) must finish in a
// bounded time (DESIGN.md §7). Each guard's limit sits well below what the regression it guards against
// costs (a quadratic scan, a backtracking regex: tens of seconds or more) and well above a normal run.
// Under load (the other test worker, a busy machine) one run can take several times as long as usual, so a
// guard keeps the fastest of up to three runs: a regression is slow every time, noise rarely three times.
// This is a bound, not a measure of speed: speed is `npm run bench`.
import { expect } from 'vitest';

const RUNS = 3;

/** Runs `run` (again, up to RUNS times, while it takes `limitMs` or more) and returns its last result. */
export function expectWithin<T>(limitMs: number, run: () => T): T {
  let fastest = Infinity;
  let result!: T;
  for (let i = 0; i < RUNS && fastest >= limitMs; i++) {
    const started = performance.now();
    result = run();
    fastest = Math.min(fastest, performance.now() - started);
  }
  expect(fastest, `fastest of up to ${RUNS} runs (ms)`).toBeLessThan(limitMs);
  return result;
}

/** expectWithin for an async `run`. */
export async function expectWithinAsync<T>(limitMs: number, run: () => Promise<T>): Promise<T> {
  let fastest = Infinity;
  let result!: T;
  for (let i = 0; i < RUNS && fastest >= limitMs; i++) {
    const started = performance.now();
    result = await run();
    fastest = Math.min(fastest, performance.now() - started);
  }
  expect(fastest, `fastest of up to ${RUNS} runs (ms)`).toBeLessThan(limitMs);
  return result;
}
