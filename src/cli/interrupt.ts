/**
 * Commands that stop cleanly when interrupted (events export keeps a resumable checkpoint or removes what
 * it wrote, config-vars rotate says which step was reached) abort their work on SIGINT (Ctrl-C) and on
 * SIGTERM (a supervisor, `timeout`, `kill`) alike; both end in the `interrupted` error, exit 130. Other
 * commands keep the default action of SIGTERM: they have nothing to tidy.
 *
 * A second signal while the command stops (Ctrl-C pressed again, a supervisor's second kill) does not cut
 * the stop short: the handlers stay until the process exits, and the stop (a few file operations, one
 * message) finishes, then exits 130. With `process.once` the second signal met Node's default action and
 * killed kt mid-stop: the export's part file and checkpoint of an export that wrote nothing left behind, a
 * checkpoint not brought up to the rows written, the rotation's "stopped at step n/3" never said. Only
 * SIGKILL stops kt at once.
 */
export interface Interrupt {
  signal: AbortSignal;
  /**
   * Stops listening when the work is over uninterrupted, so a later signal gets the default action. After
   * a signal it keeps listening: the command is stopping, and the process ends with it.
   */
  release(): void;
}

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/** `onRepeat` is called once, at the first signal after the one that started the stop (to say kt is on it). */
export function listenForInterrupt(onRepeat?: () => void): Interrupt {
  const controller = new AbortController();
  let repeated = false;
  const onSignal = () => {
    if (!controller.signal.aborted) controller.abort();
    else if (!repeated) {
      repeated = true;
      onRepeat?.();
    }
  };
  for (const name of SIGNALS) process.on(name, onSignal);
  return {
    signal: controller.signal,
    release: () => {
      if (controller.signal.aborted) return;
      for (const name of SIGNALS) process.off(name, onSignal);
    },
  };
}
