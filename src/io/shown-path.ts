/**
 * How messages name a path the user gave: as they typed it. Commands resolve such a path against their
 * working directory to use it (`resolve(ctx.cwd, typed)`); the errors and warnings about it, and about
 * the files kt derives from it (`<output>.part`, `<state-dir>/admin-token`), name it through `typed`,
 * so a relative path stays relative and an absolute one stays as it was written - as the pack reader
 * and the errors built with describeFsError (fs-errors.ts) name the file as given.
 */
import { basename, dirname, sep } from 'node:path';

/** Maps a path to how messages show it; paths it does not know pass unchanged. */
export type ShowPath = (path: string) => string;

/** A name the user typed that a parent directory can be named through (not `.`, `..` or empty). */
const isName = (segment: string): boolean => segment !== '' && segment !== '.' && segment !== '..';

/**
 * The ShowPath of one typed path and its resolved form:
 * - `resolved` -> `typed`; a path under it -> `typed/rest`;
 * - `resolved` with a suffix (`out.csv.part`) -> `typed` with the suffix;
 * - a parent of `resolved` within what was typed (`state` of `state/kt`) -> that part of `typed`;
 * - any other path unchanged (absolute). The last two hold only where `typed` names the same
 *   directories (plain names, not `.` or `..`).
 */
export function showAsTyped(typed: string, resolved: string): ShowPath {
  if (typed === resolved) return (path) => path;
  const under = resolved.endsWith(sep) ? resolved : `${resolved}${sep}`;
  // `out/` is the directory `out`: a suffix goes after the name, not after the separator.
  const trimmed = typed.length > 1 ? typed.replace(/[\\/]+$/, '') : typed;
  const sameName = isName(basename(trimmed)) && basename(trimmed) === basename(resolved);
  return (path) => {
    if (path === resolved) return typed;
    if (path.startsWith(under)) return `${typed.endsWith(sep) ? typed : `${typed}${sep}`}${path.slice(under.length)}`;
    if (!sameName) return path;
    if (path.startsWith(resolved) && !path.slice(resolved.length).includes(sep))
      return `${trimmed}${path.slice(resolved.length)}`;
    // A parent: climb `typed` and `resolved` together while both name the same directories.
    for (let t = trimmed, r = resolved; isName(basename(t)) && basename(t) === basename(r);) {
      t = dirname(t);
      r = dirname(r);
      if (!isName(basename(t))) break;
      if (path === r) return t;
    }
    return path;
  };
}

/** The first of `shows` that knows the path (changes it), else the path unchanged. */
export function showFirst(...shows: readonly ShowPath[]): ShowPath {
  return (path) => {
    for (const show of shows) {
      const shown = show(path);
      if (shown !== path) return shown;
    }
    return path;
  };
}
