/**
 * Waiting on a condition instead of sleeping a fixed time: on a loaded machine a fixed sleep is
 * sometimes too short (a flaky test) and otherwise too long (a slow one).
 */

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Polls `condition` every `intervalMs` until it holds or `timeoutMs` has passed; resolves to whether
 * it held. It never throws on a timeout, so the test's own assertion reports what was wrong.
 */
export async function waitFor(condition: () => boolean | Promise<boolean>, options: { timeoutMs?: number; intervalMs?: number } = {}): Promise<boolean> {
  const deadline = Date.now() + (options.timeoutMs ?? 10_000);
  for (;;) {
    if (await condition()) return true;
    if (Date.now() >= deadline) return false;
    await sleep(options.intervalMs ?? 20);
  }
}
