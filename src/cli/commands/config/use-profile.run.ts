import { jsonMode, type CommandRun } from '../../command.js';
import { stripControls } from '../../../api/redact.js';
import { KtError } from '../../../errors.js';

/**
 * `kt config use-profile NAME`: makes a profile of the profile file the current one (current_profile),
 * which commands use when neither --profile nor KT_PROFILE names one. Only a profile the file has: a
 * typo must not silently point every later command at the default gateway.
 */
export const run: CommandRun = async (ctx, args, options) => {
  const name = args[0] ?? '';
  const { updateConfigFile } = await import('../../../config/profiles.js');
  const { profileEntry } = await import('../../../config/settings.js');
  // Under the profile file's lock, so that a login or logout running meanwhile is not undone.
  const { before: config } = await updateConfigFile(ctx.env, ({ file }) =>
    profileEntry(file, name) === undefined ? undefined : { ...file, current_profile: name },
  );
  const entry = profileEntry(config.file, name);
  if (entry === undefined) {
    const names = Object.keys(config.file?.profiles ?? {}).sort();
    const { didYouMean } = await import('../../../schema/suggest.js');
    const guess = didYouMean(name, names);
    throw new KtError('config.unknown_profile', `profile "${name}" does not exist in ${config.path}`, {
      hint:
        guess !== undefined
          ? `did you mean "${guess}"?`
          : names.length > 0
            ? `profiles: ${names.join(', ')}`
            : 'create one with `kt auth login --profile NAME`',
    });
  }
  if (ctx.env.KT_PROFILE)
    ctx.warn(`KT_PROFILE=${ctx.env.KT_PROFILE} is set and takes precedence over the current profile`);
  const data = { profile: name, api_url: entry.api_url ?? null, config_file: config.path };
  if (jsonMode(options)) return { data };
  return {
    data,
    render: () => `${stripControls(`current profile: ${name}${entry.api_url ? ` (${entry.api_url})` : ''}`)}\n`,
  };
};
