/**
 * Commands that stop cleanly when interrupted (events export keeps a resumable checkpoint or removes what
 * it wrote, config-vars rotate says which step was reached) abort their work on SIGINT (Ctrl-C) and on
 * SIGTERM (a supervisor, `timeout`, `kill`) alike; both end in the `interrupted` error, exit 130. Other
 * commands keep the default action of SIGTERM: they have nothing to tidy.
 */
export interface Interrupt {
  signal: AbortSignal;
  /** Stops listening (call it when the work is over, so a later signal gets the default action). */
  release(): void;
}

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

export function listenForInterrupt(): Interrupt {
  const controller = new AbortController();
  const abort = () => controller.abort();
  for (const name of SIGNALS) process.once(name, abort);
  return {
    signal: controller.signal,
    release: () => {
      for (const name of SIGNALS) process.off(name, abort);
    },
  };
}
