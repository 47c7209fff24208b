import type { CommandRun } from '../../command.js';
import { KtError } from '../../errors.js';

// Placeholder until the command is built; it fails loudly rather than pretending to work.
export const run: CommandRun = async () => {
  throw new KtError('internal.not_implemented', '`kt policy migrate` is not implemented yet');
};
