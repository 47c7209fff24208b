/**
 * The profile file: `$XDG_CONFIG_HOME/kt/config.json` (or ~/.config/kt), written atomically with mode
 * 0600 in a 0700 directory because it holds API tokens.
 */
import { stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { KtError } from '../errors.js';
import { errnoOf, writeFileAtomic } from '../io/atomic-write.js';
import { readFileBounded } from '../io/bounded-read.js';
import { decodeDataText } from '../io/text-decoding.js';
import { describeFsError } from '../io/fs-errors.js';
import { makeDirs } from '../io/make-dirs.js';
import { describeJsonError } from '../io/json-error.js';
import { findDuplicateKey, keyOffset, offsetPosition } from '../io/json-strict.js';
import { shortName } from '../schema/parse.js';
import { didYouMean } from '../schema/suggest.js';
import { acquireLock } from './lock-file.js';
import { configFilePath } from './paths.js';
import { profileEntry, type ConfigFile, type ProfileEntry } from './settings.js';

export interface LoadedConfig {
  path: string;
  file: ConfigFile | undefined;
  /** Set when the file is readable by group or others. */
  looseMode?: number;
  /** One line per key kt does not know (`file:line:column: ...`), for the caller to warn with. */
  unknownKeys?: string[];
}

/** Profiles are a few lines each; 1 MiB is far above any real profile file. */
const MAX_PROFILE_FILE_BYTES = 1024 * 1024;

/** Reads the profile file; a missing file is not an error, a malformed one is (exit 3). */
export async function readConfigFile(env: NodeJS.ProcessEnv): Promise<LoadedConfig> {
  const path = configFilePath(env);
  let bytes: Uint8Array;
  try {
    // Bounded and non-blocking: a FIFO or a link to /dev/zero here must not hang or exhaust every command.
    bytes = await readFileBounded(path, MAX_PROFILE_FILE_BYTES);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { path, file: undefined };
    // In words, once: Node's text repeats the path (`ENOTDIR: not a directory, open '/x/kt/config.json'`).
    throw new KtError('config.unreadable', `cannot read the profile file: ${describeFsError(error)}`, { file: path });
  }
  // A byte-order mark (an editor on Windows saves one) is dropped, UTF-16 read; invalid UTF-8 is an error
  // at its line and column, not characters silently replaced.
  const text = decodeDataText(bytes, path);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    const { reason, ...at } = describeJsonError(error, text);
    throw new KtError('config.invalid_json', `invalid JSON: ${reason}`, {
      file: path,
      ...at,
      hint: 'fix or remove the file, then run `kt auth login`',
    });
  }
  const duplicate = findDuplicateKey(text);
  if (duplicate !== undefined) {
    const first = offsetPosition(text, duplicate.firstOffset);
    throw new KtError(
      'config.duplicate_key',
      `duplicate key '${shortName(duplicate.key)}' (first at line ${first.line}, column ${first.column}); a repeated key would silently override the first`,
      { file: path, ...offsetPosition(text, duplicate.offset) },
    );
  }
  const file = checkConfig(parsed, path, text);
  const loaded: LoadedConfig = { path, file };
  const unknown = unknownKeys(file, text, path);
  if (unknown.length > 0) loaded.unknownKeys = unknown;
  const mode = (await stat(path)).mode & 0o777;
  if ((mode & 0o077) !== 0) loaded.looseMode = mode;
  return loaded;
}

const FILE_KEYS = ['current_profile', 'profiles'];
const PROFILE_KEYS: ReadonlyArray<keyof ProfileEntry> = [
  'api_url',
  'token',
  'ca_cert',
  'client_cert',
  'client_key',
  'timeout',
];

/**
 * Keys kt does not read, one warning line each: the settings other than the URL and the token are
 * written by hand, and a misspelt one was ignored in silence - `api-url` even left the profile's token
 * free to go to any --api-url. A warning, not an error: a file written by a later kt may hold more.
 */
function unknownKeys(file: ConfigFile, text: string, path: string): string[] {
  const lines: string[] = [];
  const where = (keys: string[]) => {
    const offset = keyOffset(text, keys);
    if (offset === undefined) return path;
    const { line, column } = offsetPosition(text, offset);
    return `${path}:${line}:${column}`;
  };
  const report = (keys: string[], known: readonly string[], what: string) => {
    const key = keys[keys.length - 1]!;
    const guess = didYouMean(key, known);
    lines.push(
      `${where(keys)}: '${shortName(key)}' is not ${what}; it is ignored${guess === undefined ? ` (known: ${known.join(', ')})` : ` (did you mean '${guess}'?)`}`,
    );
  };
  for (const key of Object.keys(file)) if (!FILE_KEYS.includes(key)) report([key], FILE_KEYS, 'a profile file key');
  for (const [name, entry] of Object.entries(file.profiles ?? {}))
    for (const key of Object.keys(entry))
      if (!(PROFILE_KEYS as readonly string[]).includes(key))
        report(['profiles', name, key], PROFILE_KEYS, `a setting of profile '${shortName(name)}'`);
  return lines;
}

/** Checks the shape of the profile file; a value of the wrong type is an error at its key's line and column. */
function checkConfig(value: unknown, path: string, text: string): ConfigFile {
  const fail = (what: string, keys: string[] = []) => {
    const offset = keys.length === 0 ? undefined : keyOffset(text, keys);
    return new KtError('config.invalid', what, {
      file: path,
      ...(offset === undefined ? {} : offsetPosition(text, offset)),
    });
  };
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw fail('the profile file must hold a JSON object');
  const obj = value as Record<string, unknown>;
  if (obj.current_profile !== undefined && typeof obj.current_profile !== 'string')
    throw fail('current_profile must be a string', ['current_profile']);
  if (obj.profiles !== undefined) {
    if (typeof obj.profiles !== 'object' || obj.profiles === null || Array.isArray(obj.profiles))
      throw fail('profiles must be an object', ['profiles']);
    for (const [name, entry] of Object.entries(obj.profiles as Record<string, unknown>)) {
      if (typeof entry !== 'object' || entry === null || Array.isArray(entry))
        throw fail(`profiles.${shortName(name)} must be an object`, ['profiles', name]);
      for (const [k, v] of Object.entries(entry as Record<string, unknown>)) {
        if (typeof v !== 'string')
          throw fail(`profiles.${shortName(name)}.${shortName(k)} must be a string`, ['profiles', name, k]);
      }
    }
  }
  return obj as ConfigFile;
}

/**
 * Writes the profile file atomically (temp, fsync, rename), mode 0600, directory 0700. A config.json that
 * is a symbolic link (dotfiles kept in a repository and linked into ~/.config) is written through: the
 * file it points to is replaced and the link stays (atomic-write.ts, writeTarget).
 */
export async function writeConfigFile(path: string, file: ConfigFile): Promise<void> {
  await makeDirs(dirname(path), { mode: 0o700 });
  try {
    await writeFileAtomic(path, `${JSON.stringify(file, null, 2)}\n`, 0o600, { exactMode: true, throughSymlink: true });
  } catch (error) {
    throw new KtError(
      'config.write_failed',
      `cannot write the profile file: ${errnoOf(error) ?? (error as Error).message}`,
      { file: path },
    );
  }
}

/** How long a command waits for another kt that holds the profile file's lock. */
const LOCK_WAIT_MS = 10_000;

/**
 * Read-modify-write of the profile file, serialised between kt processes. The write alone is atomic, but
 * two logins (or a login and a logout) each read the file, changed their profile and wrote the whole
 * file back: the second write dropped the first one's profile, or put back the token a logout had just
 * removed. So the file is read again and changed under `config.json.lock` (lock-file.ts: O_EXCL, holding the
 * pid; a lock whose process is gone is taken over).
 *
 * `change` gets the file as it is (undefined when missing) and returns the new content, or undefined when
 * there is nothing to write (then no lock is taken, no directory created). It may run twice (before and
 * under the lock), so it must only compute. Returns what was read under the lock and what was written.
 */
export async function updateConfigFile(
  env: NodeJS.ProcessEnv,
  change: (loaded: LoadedConfig) => ConfigFile | undefined,
): Promise<{ before: LoadedConfig; written: ConfigFile | undefined }> {
  const first = await readConfigFile(env);
  if (change(first) === undefined) return { before: first, written: undefined };
  await makeDirs(dirname(first.path), { mode: 0o700 });
  const release = await lockConfigFile(`${first.path}.lock`);
  try {
    const before = await readConfigFile(env);
    const written = change(before);
    if (written !== undefined) await writeConfigFile(before.path, written);
    return { before, written };
  } finally {
    await release();
  }
}

function lockConfigFile(lock: string): Promise<() => Promise<void>> {
  return acquireLock(lock, {
    waitMs: LOCK_WAIT_MS,
    failed: (error) =>
      new KtError('config.write_failed', `cannot lock the profile file: ${describeFsError(error)}`, { file: lock }),
    busy: (holder) =>
      new KtError('config.locked', `the profile file is locked by another kt (pid ${holder})`, {
        file: lock,
        hint: 'wait for it to finish; if no kt is running, remove the lock file',
      }),
  });
}

/** Returns a copy of `file` with `profile` updated by `update` (undefined values remove keys). */
export function updateProfile(
  file: ConfigFile | undefined,
  profile: string,
  update: Partial<Record<keyof ProfileEntry, string | undefined>>,
): ConfigFile {
  // Without a prototype, `profiles.__proto__ = entry` stores a profile instead of replacing the prototype.
  const profiles: Record<string, ProfileEntry> = Object.assign(
    Object.create(null) as Record<string, ProfileEntry>,
    file?.profiles,
  );
  const entry: ProfileEntry = { ...(profileEntry(file, profile) ?? {}) };
  for (const [k, v] of Object.entries(update) as Array<[keyof ProfileEntry, string | undefined]>) {
    if (v === undefined) delete entry[k];
    else entry[k] = v;
  }
  profiles[profile] = entry;
  return { ...(file ?? {}), profiles };
}
