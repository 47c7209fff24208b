import { jsonMode, type CommandRun } from '../command.js';
import { KT_VERSION } from '../version.js';

export const run: CommandRun = async (_ctx, _args, options) => {
  const data = { version: KT_VERSION, node: process.versions.node, platform: `${process.platform}-${process.arch}` };
  const json = jsonMode(options);
  return {
    data,
    render: () =>
      json ? `${JSON.stringify(data, null, 2)}\n` : `kt ${data.version} (node ${data.node}, ${data.platform})\n`,
  };
};
