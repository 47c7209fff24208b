/**
 * Where kt keeps its files. The state dir is shared with `kt gateway run` (admin token, gateway.json);
 * the config dir holds the profiles written by `kt auth login`.
 */
import { readFileSync } from 'node:fs';
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

/**
 * True when a process with this pid exists (EPERM: it exists but belongs to someone else) and has not
 * ended. A process killed outright stays in the process table as a zombie until its parent reaps it: a
 * parent that is busy or never reaps (a script's `subprocess.Popen`, a container's PID 1) kept a dead
 * export's lock held. Where /proc tells (Linux), a zombie is not alive.
 */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const state = procStat(pid)?.[0];
  return state !== 'Z' && state !== 'X';
}

/**
 * When the process with this pid started (clock ticks since boot, from /proc), or undefined where that
 * cannot be read (not Linux, gone). A lock names its holder by pid and start time: a pid reused by
 * another process (after a reboot, in a new container where pids start over) is then not its holder.
 */
export function processStartTime(pid: number): string | undefined {
  return procStat(pid)?.[19];
}

/** The fields of /proc/<pid>/stat after the command name, from the state (field 3) on. */
function procStat(pid: number): string[] | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'latin1');
  } catch {
    return undefined;
  }
  // The command name is in parentheses and may hold spaces and parentheses itself.
  return text
    .slice(text.lastIndexOf(')') + 2)
    .trim()
    .split(' ');
}
