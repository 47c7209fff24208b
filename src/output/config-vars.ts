/**
 * Renderers of `kt config-vars list` for pipes and files: JSON (`{variables}`), NDJSON (one variable per
 * line) and CSV (RFC 4180, formula cells neutralised as in event exports). The terminal table is the
 * command's own (list.run.ts). Metadata only: the API never returns values.
 */
import { csvText } from './csv.js';

export type ConfigVarsFormat = 'text' | 'json' | 'ndjson' | 'csv';

/** The metadata of one variable, as GET /v1/config-variables lists it. */
export interface ConfigVarRow {
  name: string;
  version: number;
  created_at?: string;
  updated_at?: string;
  description?: string | null;
  sensitive?: boolean;
}

/** CSV columns; like the events header, only ever appended to. */
export const CONFIG_VAR_CSV_COLUMNS = [
  'name',
  'version',
  'created_at',
  'updated_at',
  'description',
  'sensitive',
] as const;

export function renderConfigVars(
  variables: readonly ConfigVarRow[],
  format: Exclude<ConfigVarsFormat, 'text'>,
): string {
  if (format === 'json') return `${JSON.stringify({ variables }, null, 2)}\n`;
  if (format === 'ndjson') return variables.map((v) => `${JSON.stringify(v)}\n`).join('');
  // Only strings, numbers and booleans become text: anything else a server sends prints as empty.
  const text = (v: unknown) =>
    csvText(typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : '', true);
  const rows = variables.map(
    (v) => `${[v.name, v.version, v.created_at, v.updated_at, v.description, v.sensitive].map(text).join(',')}\r\n`,
  );
  return `${CONFIG_VAR_CSV_COLUMNS.join(',')}\r\n${rows.join('')}`;
}
