/**
 * Renderers of `kt gateway keys list` for pipes and files: JSON (`{keys}`), NDJSON (one key's metadata
 * per line) and CSV (RFC 4180, formula cells neutralised as in event exports). The terminal table is the
 * command's own (list.run.ts). Metadata only: the gateway keeps a key's SHA-256, never the key.
 */
import type { GatewayKeyMeta } from '../core/types.js';
import { csvText } from './csv.js';

export type GatewayKeysFormat = 'text' | 'json' | 'ndjson' | 'csv';

/** The metadata of one key, as GET /keeptrusts/gateway-keys lists it. */
export type GatewayKeyRow = GatewayKeyMeta;

/** CSV columns; like the events header, only ever appended to. */
export const GATEWAY_KEY_CSV_COLUMNS = ['id', 'prefix', 'user', 'role', 'team', 'created_at', 'expires_at'] as const;

export function renderGatewayKeys(keys: readonly GatewayKeyRow[], format: Exclude<GatewayKeysFormat, 'text'>): string {
  if (format === 'json') return `${JSON.stringify({ keys }, null, 2)}\n`;
  if (format === 'ndjson') return keys.map((k) => `${JSON.stringify(k)}\n`).join('');
  // A key without expiry has an empty expires_at cell (null in JSON).
  const rows = keys.map((k) => `${GATEWAY_KEY_CSV_COLUMNS.map((c) => csvText(k[c], true)).join(',')}\r\n`);
  return `${GATEWAY_KEY_CSV_COLUMNS.join(',')}\r\n${rows.join('')}`;
}
