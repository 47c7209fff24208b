import { jsonMode, type CommandRun } from '../../command.js';
import { stripControls } from '../../../api/redact.js';

/**
 * `kt config show`: the connection settings every remote command would use, each with its source, and
 * the files they come from; nothing is sent. The token itself is never shown, only where it comes from.
 */
export const run: CommandRun = async (ctx, _args, options) => {
  const { resolveConnection } = await import('../../connect.js');
  const { settings, stateDir, config } = await resolveConnection(ctx, options);
  const profiles = Object.keys(config.file?.profiles ?? {}).sort();
  const data = {
    api_url: settings.apiUrl,
    api_url_source: settings.apiUrlSource,
    profile: settings.profile,
    profile_source: settings.profileSource,
    token_source: settings.token ? settings.tokenSource : 'none',
    timeout_ms: settings.timeoutMs,
    timeout_source: settings.timeoutSource,
    ca_cert: settings.caCert ?? null,
    client_cert: settings.clientCert ?? null,
    client_key: settings.clientKey ?? null,
    config_file: config.path,
    config_file_exists: config.file !== undefined,
    current_profile: config.file?.current_profile ?? null,
    profiles,
    state_dir: stateDir,
  };
  if (jsonMode(options)) return { data };
  const from = (source: string) => `(from ${source})`;
  const lines = [
    `api        ${settings.apiUrl} ${from(settings.apiUrlSource)}`,
    `profile    ${settings.profile} ${from(settings.profileSource)}`,
    `token      ${data.token_source === 'none' ? 'none' : `from ${data.token_source}`}`,
    `timeout    ${settings.timeoutMs}ms ${from(settings.timeoutSource)}`,
    ...(settings.caCert ? [`ca cert    ${settings.caCert}`] : []),
    ...(settings.clientCert ? [`client     ${settings.clientCert} + ${settings.clientKey ?? ''}`] : []),
    `profiles   ${profiles.length === 0 ? 'none' : profiles.map((p) => (p === data.current_profile ? `${p} (current)` : p)).join(', ')}`,
    `file       ${config.path}${config.file === undefined ? ' (not written yet: `kt auth login` creates it)' : ''}`,
    `state dir  ${stateDir}`,
  ];
  return { data, render: () => `${lines.map(stripControls).join('\n')}\n` };
};
