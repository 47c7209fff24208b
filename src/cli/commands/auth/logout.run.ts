import { jsonMode, type CommandRun } from '../../command.js';

/** `kt auth logout`: removes the stored token of the profile (its API URL stays). */
export const run: CommandRun = async (ctx, _args, options) => {
  const { readConfigFile, updateConfigFile, updateProfile } = await import('../../../config/profiles.js');
  const { profileEntry, selectProfile } = await import('../../../config/settings.js');
  const { profile } = selectProfile(
    typeof options.profile === 'string' ? options.profile : undefined,
    ctx.env,
    (await readConfigFile(ctx.env)).file,
  );
  // Under the profile file's lock: a login of another profile running meanwhile must not write back the
  // token removed here.
  const { written } = await updateConfigFile(ctx.env, ({ file }) =>
    profileEntry(file, profile)?.token !== undefined ? updateProfile(file, profile, { token: undefined }) : undefined,
  );
  const had = written !== undefined;
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
