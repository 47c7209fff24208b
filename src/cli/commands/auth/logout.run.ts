import { jsonMode, type CommandRun } from '../../command.js';

/** `kt auth logout`: removes the stored token of the profile (its API URL stays). */
export const run: CommandRun = async (ctx, _args, options) => {
  const { readConfigFile, updateProfile, writeConfigFile } = await import('../../../config/profiles.js');
  const { profileEntry, selectProfile } = await import('../../../config/settings.js');
  const config = await readConfigFile(ctx.env);
  const { profile } = selectProfile(
    typeof options.profile === 'string' ? options.profile : undefined,
    ctx.env,
    config.file,
  );
  const had = profileEntry(config.file, profile)?.token !== undefined;
  if (had) await writeConfigFile(config.path, updateProfile(config.file, profile, { token: undefined }));
  if (ctx.env.KEEPTRUSTS_API_TOKEN)
    ctx.warn('KEEPTRUSTS_API_TOKEN is still set in the environment and will keep being used');
  const data = { profile, removed: had };
  if (jsonMode(options)) return { data };
  return {
    data,
    render: () =>
      had ? `logged out: removed the token of profile "${profile}"\n` : `profile "${profile}" has no stored token\n`,
  };
};
