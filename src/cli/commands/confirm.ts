/** Confirmation of a destructive command: a visible one-line answer on a terminal, `--yes` elsewhere. */
import { createInterface } from 'node:readline/promises';
import type { CommandContext } from '../context.js';
import { KtError } from '../errors.js';

export async function promptLine(ctx: CommandContext, question: string): Promise<string> {
  const rl = createInterface({
    input: ctx.stdin,
    output: ctx.stderr as unknown as NodeJS.WritableStream,
    terminal: false,
  });
  try {
    ctx.stderr.write(question);
    for await (const line of rl) return line;
    return '';
  } finally {
    rl.close();
  }
}

/**
 * Returns when the user may go on: `--yes` was given, or they answered y/yes to `question` on a terminal.
 * Off a terminal without `--yes` it refuses (nothing to ask, and a script must say what it means), and a
 * other answer cancels: both are usage errors, and nothing has been done.
 */
export async function confirmOrRefuse(
  ctx: CommandContext,
  options: Record<string, unknown>,
  what: { verb: string; done: string; target: string; question: string },
): Promise<void> {
  if (options.yes === true) return;
  if (ctx.stdin.isTTY !== true)
    throw new KtError(
      'usage.confirmation_required',
      `refusing to ${what.verb} ${what.target} without --yes (stdin is not a terminal)`,
    );
  const answer = await promptLine(ctx, `${what.question} [y/N] `);
  if (!/^y(es)?$/i.test(answer.trim())) throw new KtError('usage.cancelled', `cancelled; nothing ${what.done}`);
}
