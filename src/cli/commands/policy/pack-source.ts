/**
 * Loading a pack for `kt policy eval` / `kt policy test`: read (size-capped), parse YAML/JSON
 * (duplicate keys rejected, alias expansion capped), normalise into a PackModel, and refuse a pack with
 * errors with one located line (exit 3). Until the shared loader of src/io lands, this is the small
 * local version; it keeps the same contract (model or KtError('input.*' | 'config.*')).
 */
import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import type { JsonObject, PackModel } from '../../../core/index.js';
import { normalizePack } from '../../../core/index.js';
import { KtError } from '../../errors.js';

const MAX_PACK_BYTES = 4 * 1024 * 1024;

export interface LoadedPack {
  file: string;
  text: string;
  model: PackModel;
}

export async function loadPack(cwd: string, path: string): Promise<LoadedPack> {
  const file = resolve(cwd, path);
  let size: number;
  try {
    size = (await stat(file)).size;
  } catch {
    throw new KtError('input.not_found', `pack file not found: ${path}`, { file: path, hint: 'pass --file PATH (default policy-config.yaml)' });
  }
  if (size > MAX_PACK_BYTES) throw new KtError('input.too_large', `pack file is ${size} bytes; the limit is ${MAX_PACK_BYTES}`, { file: path });
  const bytes = await readFile(file);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new KtError('input.invalid_utf8', 'pack file is not valid UTF-8 text', { file: path });
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false, strict: true });
  const problem = doc.errors[0];
  if (problem !== undefined) {
    const pos = lineCounter.linePos(problem.pos[0]);
    throw new KtError('input.invalid_yaml', problem.message.split('\n')[0]!, { file: path, line: pos.line, column: pos.col });
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    throw new KtError('input.invalid_yaml', e instanceof Error ? e.message : String(e), { file: path });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new KtError('config.invalid_pack', 'a pack must be a YAML mapping at the top level', { file: path, line: 1, column: 1 });
  }
  const model = normalizePack(value as JsonObject);
  if (model.chain.length === 0) {
    throw new KtError('config.invalid_pack', 'the pack has no policies to evaluate (policies.chain is empty or missing)', { file: path, hint: `run \`kt policy lint ${path}\`` });
  }
  return { file: path, text, model };
}
