/** A visible one-line answer from the terminal (confirmations). */
import { createInterface } from 'node:readline/promises';
import type { CommandContext } from '../../context.js';

export async function promptLine(ctx: CommandContext, question: string): Promise<string> {
  const rl = createInterface({ input: ctx.stdin, output: ctx.stderr as unknown as NodeJS.WritableStream, terminal: false });
  try {
    ctx.stderr.write(question);
    for await (const line of rl) return line;
    return '';
  } finally {
    rl.close();
  }
}
