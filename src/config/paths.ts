/**
 * Where kt keeps its files. The state dir is shared with `kt gateway run` (admin token, gateway.json);
 * the config dir holds the profiles written by `kt auth login`.
 */
import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';

/**
 * An XDG base directory variable's value, or undefined when it is unset, empty or relative: the XDG Base
 * Directory spec makes relative paths invalid and says to ignore them (else the profile file would move
 * with the working directory).
 */
function xdgBaseDir(value: string | undefined): string | undefined {
  return value && isAbsolute(value) ? value : undefined;
}

/** State dir: `--state-dir`, else KT_STATE_DIR, else $XDG_STATE_HOME/kt, else ~/.local/state/kt. */
export function resolveStateDir(flag: string | undefined, env: NodeJS.ProcessEnv, cwd: string): string {
  // Relative paths resolve against the working directory, as `kt gateway run` does.
  if (flag) return resolve(cwd, flag);
  if (env.KT_STATE_DIR) return resolve(cwd, env.KT_STATE_DIR);
  return join(xdgBaseDir(env.XDG_STATE_HOME) ?? join(env.HOME || homedir(), '.local', 'state'), 'kt');
}

/**
 * The state dir as the operator gave it (`--state-dir`, else KT_STATE_DIR), for messages to name it so
 * (src/io/shown-path.ts); undefined when it is the default.
 */
export function stateDirAsGiven(flag: string | undefined, env: NodeJS.ProcessEnv): string | undefined {
  return flag || env.KT_STATE_DIR || undefined;
}

/** Config dir: $XDG_CONFIG_HOME/kt, else ~/.config/kt. */
export function resolveConfigDir(env: NodeJS.ProcessEnv): string {
  return join(xdgBaseDir(env.XDG_CONFIG_HOME) ?? join(env.HOME || homedir(), '.config'), 'kt');
}

/** The profile file (`config.json`, mode 0600). */
export const configFilePath = (env: NodeJS.ProcessEnv): string => join(resolveConfigDir(env), 'config.json');

/** True when a process with this pid exists (EPERM: it exists but belongs to someone else). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
