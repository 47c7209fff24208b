/**
 * Waiting on a condition instead of sleeping a fixed time: on a loaded machine a fixed sleep is
 * sometimes too short (a flaky test) and otherwise too long (a slow one).
 */

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Polls `condition` every `intervalMs` until it holds or `timeoutMs` has passed; resolves to whether
 * it held. It never throws on a timeout, so the test's own assertion reports what was wrong.
 */
export async function waitFor(
  condition: () => boolean | Promise<boolean>,
  options: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<boolean> {
  const deadline = Date.now() + (options.timeoutMs ?? 10_000);
  for (;;) {
    if (await condition()) return true;
    if (Date.now() >= deadline) return false;
    await sleep(options.intervalMs ?? 20);
  }
}

/**
 * Reads a value again (every `intervalMs`) until `done(value)` holds or `timeoutMs` has passed, and
 * returns the last value read: for state that appears asynchronously, such as events the gateway
 * writes after it has answered. The caller's assertion on the value reports a timeout.
 */
export async function pollUntil<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  options: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 10_000);
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() >= deadline) return value;
    await sleep(options.intervalMs ?? 50);
  }
}
