/**
 * Loading packs from files, directories, stdin or text: the one door every command uses.
 *
 *   loadPackFile(path, opts)   -> LoadedPack: model + all diagnostics (errors included). Throws
 *                                 KtError('input.*') only when the file cannot be read as a document
 *                                 (missing, too large, binary, invalid UTF-8, YAML syntax, duplicate key,
 *                                 alias bomb, too deep). Used by `kt policy lint`.
 *   loadValidPack(path, opts)  -> LoadedPack with no errors, or throws KtError('config.invalid_pack')
 *                                 naming the first error at file:line:col (exit 3). Warnings are in
 *                                 `diagnostics`. Used by eval, test and `kt gateway run`.
 *   checkPackText(text, name)  -> {ok: true, pack} | {ok: false, diagnostics}; never throws for bad
 *                                 content. For reload endpoints that must answer with diagnostics.
 *   expandPackPaths(paths)     -> files: directories expand to *.yaml, *.yml, *.json (sorted, not
 *                                 recursive); `-` is stdin.
 *
 * `opts.env` is the environment `secret_key_ref.env` is checked against (ctx.env in commands).
 *
 * A legacy-list pack without a `name:` is named after its file (packNameOfFile, the name `kt policy
 * migrate` gives the migrated pack), so lint, eval, test, the gateway and its events all call it the same.
 */
// Synchronous fs calls: a pack is one small file read once, and node:fs/promises costs start-up time.
import { readdirSync, readFileSync, statSync, type Dirent, type Stats } from 'node:fs';
import { basename, extname, join, resolve } from 'node:path';
import { isPackName } from '../core/pack/index.js';
import type { Diagnostic, PackModel, PackShape } from '../core/types.js';
import { KtError } from '../errors.js';
import { isParseFailure, type ParseFailure } from '../schema/errors.js';
import { lintParsed } from '../schema/lint.js';
import { decodeText, parsePackText } from '../schema/parse.js';
import { describeFsError, FileReadRefused } from './fs-errors.js';
import { fileLabel } from './stdin-name.js';

/** Packs are configuration, not data: 1 MiB is far above any real pack and bounds parse time and memory. */
export const MAX_PACK_BYTES = 1024 * 1024;

export interface PackLoadOptions {
  cwd?: string;
  env?: Readonly<Record<string, string | undefined>>;
  /**
   * Reader for `-`: the command's stdin (CommandContext.stdin), required for `-`. There is no fallback to
   * process.stdin, which a command run in-process with its own streams must never read.
   */
  stdin?: NodeJS.ReadableStream;
  maxBytes?: number;
  /**
   * checkPackText/checkPackBytes: the file the text was read from, whose base name names a legacy pack
   * without `name:` (loadPackFile uses the path it reads). Absent for text with no file (a pushed pack).
   */
  sourceFile?: string;
}

export interface LoadedPack {
  /** The name diagnostics use: the path as given, `<stdin>` for `-` (fileLabel). */
  file: string;
  text: string;
  /** `text` with literal secrets masked (same length), for source excerpts in reports. */
  excerptText: string;
  shape: PackShape;
  model: PackModel;
  /** Sorted by position; errors and warnings (at most 1000, then a W008 note). */
  diagnostics: Diagnostic[];
  /** Totals, including problems beyond the reporting cap. */
  errors: number;
  warnings: number;
}

export type PackCheck = { ok: true; pack: LoadedPack } | { ok: false; diagnostics: Diagnostic[] };

const packExtensions = ['.yaml', '.yml', '.json'];

/** Expands directories into their pack files (sorted); files and `-` pass through in order. */
export async function expandPackPaths(paths: readonly string[], cwd = process.cwd()): Promise<string[]> {
  const out: string[] = [];
  for (const path of paths) {
    if (path === '-') {
      out.push(path);
      continue;
    }
    let info: Stats;
    try {
      info = statSync(resolve(cwd, path));
    } catch (error) {
      // ELOOP, ENAMETOOLONG, ENOTDIR (`afile/x`) are not "no such file": say what they are.
      throw statError(error, path, 'no such file or directory');
    }
    if (!info.isDirectory()) {
      out.push(path);
      continue;
    }
    const dir = resolve(cwd, path);
    // A symlinked pack is linted like a file (a dangling link is then reported, not skipped); a link to a
    // directory is not followed, as the directory itself is not walked recursively.
    const linksToDirectory = (name: string): boolean => {
      try {
        return statSync(join(dir, name), { throwIfNoEntry: false })?.isDirectory() === true;
      } catch {
        // A link that loops (ELOOP) or cannot be followed is kept: reading it reports it as that file's
        // error, rather than the stat here failing the whole directory and every pack in it.
        return false;
      }
    };
    const isPack = (e: Dirent) =>
      packExtensions.some((ext) => e.name.toLowerCase().endsWith(ext)) &&
      (e.isFile() || (e.isSymbolicLink() && !linksToDirectory(e.name)));
    const entries = readdirSync(dir, { withFileTypes: true })
      .filter(isPack)
      .map((e) => e.name)
      .sort();
    if (entries.length === 0)
      throw new KtError('input.no_packs', 'directory contains no *.yaml, *.yml or *.json files', { file: path });
    out.push(...entries.map((name) => join(path, name)));
  }
  return out;
}

/** Reads a stream up to `max` bytes; more is refused without reading it all (stdin, FIFOs, devices). */
async function readBounded(stream: NodeJS.ReadableStream, max: number, tooLarge: () => KtError): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    total += buf.length;
    if (total > max) {
      (stream as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.();
      throw tooLarge();
    }
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}

/** Reads a file (or stdin for `-`) with the size cap applied before the whole file is read. */
export async function readPackBytes(path: string, options: PackLoadOptions = {}): Promise<Uint8Array> {
  const max = options.maxBytes ?? MAX_PACK_BYTES;
  const tooLarge = (size = `more than ${max} bytes`) =>
    new KtError('input.too_large', `file is ${size}; packs are limited to ${max} bytes`, {
      file: fileLabel(path),
      hint: 'is this really a policy pack?',
    });
  if (path === '-') {
    if (options.stdin === undefined) throw new Error('readPackBytes: `-` needs options.stdin');
    return readBounded(options.stdin, max, () => tooLarge());
  }
  const file = resolve(options.cwd ?? process.cwd(), path);
  let info: Stats;
  try {
    info = statSync(file);
  } catch (error) {
    throw statError(error, path, 'no such file');
  }
  if (info.isDirectory()) throw new KtError('input.is_directory', 'is a directory; pass a pack file', { file: path });
  if (info.isFile() && info.size > max) throw tooLarge(`${info.size} bytes`);
  try {
    if (info.isFile()) {
      // The usual case, read synchronously (see the imports above); the size is checked again on what was read.
      const bytes = readFileSync(file);
      if (bytes.length > max) throw tooLarge(`${bytes.length} bytes`);
      return bytes;
    }
    // Devices and pipes report no size (think /dev/zero): the bytes read count against the cap; a FIFO
    // no program writes to is refused, not waited on for ever. Loaded only then: the bounded reader
    // brings node:fs/promises, which `kt policy lint`'s start-up does without.
    const { readFileBounded } = await import('./bounded-read.js');
    return await readFileBounded(file, max);
  } catch (error) {
    if (error instanceof KtError) throw error;
    if (error instanceof FileReadRefused && error.code === 'EFBIG') throw tooLarge();
    throw new KtError('input.unreadable', `cannot read: ${describeFsError(error)}`, { file: path });
  }
}

/** A path that cannot be stat'd: `input.not_found` for ENOENT (with `missing`), else why, in words. */
function statError(error: unknown, path: string, missing: string): KtError {
  if ((error as NodeJS.ErrnoException).code === 'ENOENT')
    return new KtError('input.not_found', missing, { file: path });
  return new KtError('input.unreadable', `cannot read: ${describeFsError(error)}`, { file: path });
}

/** A pack that did not parse, as a check's answer: one error diagnostic where the parser stopped. */
function failedCheck(failure: ParseFailure): PackCheck {
  return {
    ok: false,
    diagnostics: [
      {
        code: failure.code,
        severity: 'error',
        message: failure.message,
        path: '',
        line: failure.line ?? 1,
        column: failure.column ?? 1,
      },
    ],
  };
}

function toKtError(failure: ParseFailure): KtError {
  return new KtError(failure.code, failure.message, {
    file: failure.file,
    ...(failure.line === undefined ? {} : { line: failure.line }),
    ...(failure.column === undefined ? {} : { column: failure.column }),
  });
}

/**
 * The name of a pack read from `path` when the pack does not name itself: the file's base name without
 * its extension (`team-legacy.yaml` -> `team-legacy`), or undefined for stdin (`-`) and a base name that is
 * no pack name (isPackName). The one rule for `kt policy migrate` and for loading a legacy-list pack.
 */
export function packNameOfFile(path: string): string | undefined {
  if (path === '-') return undefined;
  const name = basename(path, extname(path));
  return isPackName(name) ? name : undefined;
}

async function analyse(text: string, file: string, options: PackLoadOptions): Promise<LoadedPack> {
  const parsed = parsePackText(text, file);
  const legacyName = options.sourceFile === undefined ? undefined : packNameOfFile(options.sourceFile);
  const { shape, model, diagnostics, errors, warnings } = await lintParsed(parsed, {
    env: options.env ?? {},
    ...(legacyName === undefined ? {} : { legacyName }),
  });
  return { file, text, excerptText: parsed.excerptText, shape, model, diagnostics, errors, warnings };
}

/** Reads, parses and lints one pack (see the file comment). */
export async function loadPackFile(path: string, options: PackLoadOptions = {}): Promise<LoadedPack> {
  const bytes = await readPackBytes(path, options);
  const name = fileLabel(path);
  try {
    return await analyse(decodeText(bytes, name), name, { ...options, sourceFile: path });
  } catch (error) {
    if (isParseFailure(error)) throw toKtError(error);
    throw error;
  }
}

/** Like loadPackFile, but a pack with any error throws KtError('config.invalid_pack') at the first error. */
export async function loadValidPack(path: string, options: PackLoadOptions = {}): Promise<LoadedPack> {
  const pack = await loadPackFile(path, options);
  const errors = pack.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) throw invalidPackError(pack, path, errors);
  return pack;
}

/**
 * The one-line `config.invalid_pack` error for `errors` (non-empty) of a loaded pack: the first one at its
 * file:line:col, how many more there are, and (by default) the hint to lint `path` for all of them.
 */
export function invalidPackError(
  pack: LoadedPack,
  path: string,
  errors: readonly Diagnostic[],
  hint = `run \`kt policy lint ${path}\` for every problem`,
): KtError {
  const first = errors[0]!;
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
  // The one line keeps lint's suggestion for a misspelt name, the fix a reader most often needs.
  // (Only the question: some hints go on to list every known name.)
  const suggestion = /^Did you mean '[^']*'\?/.exec(first.hint ?? '')?.[0].replace('D', '; d') ?? '';
  return new KtError('config.invalid_pack', `${first.code} ${first.message}${suggestion}${more}`, {
    file: pack.file,
    line: first.line,
    column: first.column,
    hint,
    data: { diagnostics: pack.diagnostics },
  });
}

/** Checks pack text without throwing for bad content: parse failures become one diagnostic. */
export async function checkPackText(text: string, name: string, options: PackLoadOptions = {}): Promise<PackCheck> {
  const max = options.maxBytes ?? MAX_PACK_BYTES;
  if (Buffer.byteLength(text) > max) {
    return {
      ok: false,
      diagnostics: [
        {
          code: 'input.too_large',
          severity: 'error',
          message: `pack is larger than ${max} bytes`,
          path: '',
          line: 1,
          column: 1,
        },
      ],
    };
  }
  try {
    const pack = await analyse(text, name, options);
    if (pack.errors > 0) return { ok: false, diagnostics: pack.diagnostics };
    return { ok: true, pack };
  } catch (error) {
    if (!isParseFailure(error)) throw error;
    return failedCheck(error);
  }
}

/** Reads and parses bytes already in memory (e.g. an upload) with the same checks as a file. */
export async function checkPackBytes(
  bytes: Uint8Array,
  name: string,
  options: PackLoadOptions = {},
): Promise<PackCheck> {
  try {
    return await checkPackText(decodeText(bytes, name), name, options);
  } catch (error) {
    if (!isParseFailure(error)) throw error;
    return failedCheck(error);
  }
}
