import { describe, expect, it } from 'vitest';
import { renderGatewayKeys } from '../../../src/output/gateway-keys.js';

const key = {
  id: 'gk_0123456789abcdef',
  prefix: 'kt_gk_ab12',
  user: '=HYPERLINK("x")',
  role: null,
  team: 'risk, ops',
  created_at: '2026-11-22T15:05:46.067Z',
  expires_at: null,
};

describe('renderGatewayKeys', () => {
  it('CSV: a stable header, formula cells neutralised, quoting where needed, null as an empty cell', () => {
    expect(renderGatewayKeys([key], 'csv')).toBe(
      'id,prefix,user,role,team,created_at,expires_at\r\ngk_0123456789abcdef,kt_gk_ab12,"\'=HYPERLINK(""x"")",,"risk, ops",2026-11-22T15:05:46.067Z,\r\n',
    );
    expect(renderGatewayKeys([], 'csv')).toBe('id,prefix,user,role,team,created_at,expires_at\r\n');
  });

  it('NDJSON: one object per line; JSON: {keys}', () => {
    expect(
      renderGatewayKeys([key, key], 'ndjson')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l)),
    ).toEqual([key, key]);
    expect(JSON.parse(renderGatewayKeys([key], 'json'))).toEqual({ keys: [key] });
  });
});
