import { describe, expect, it } from 'vitest';
import { redact } from '../../../src/api/redact.js';

describe('redact', () => {
  it('removes known secrets and token-shaped strings', () => {
    expect(redact('value hunter2-long here', ['hunter2-long'])).toBe('value [REDACTED] here');
    expect(redact('Authorization: Bearer abc.def-ghi')).toBe('Authorization: Bearer [REDACTED]');
    expect(redact('token kt_admin_AbC_123-x and kt_gk_zzz')).toBe('token kt_admin_[REDACTED] and kt_gk_[REDACTED]');
    expect(redact('key sk-proj-abcdefghijkl')).toBe('key [REDACTED]');
  });
  it('keeps the brackets around a bearer value and a placeholder that is not one', () => {
    // The gateway's 401 says "(Authorization: Bearer <token>)"; kt printed "Bearer [REDACTED] (request ...".
    expect(redact('the admin token is required (Authorization: Bearer <token>) (request req_1)')).toBe(
      'the admin token is required (Authorization: Bearer <token>) (request req_1)',
    );
    expect(redact('(Authorization: Bearer abc.def-ghi)')).toBe('(Authorization: Bearer [REDACTED])');
    expect(redact('[Bearer abc/def+g==]')).toBe('[Bearer [REDACTED]]');
  });
  it('leaves very short secrets alone rather than shredding text', () => {
    expect(redact('a b c', ['a'])).toBe('a b c');
  });
});
