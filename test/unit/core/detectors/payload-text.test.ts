import { describe, expect, it } from 'vitest';
import { extractTexts, Workspace } from '../../../../src/core/detectors/payload-text.js';

describe('Workspace.texts', () => {
  const payload = {
    messages: [
      { role: 'system', content: 'be brief' },
      { role: 'user', content: 'mail a@b.co' },
    ],
    upstream_response: { choices: [{ message: { role: 'assistant', content: 'ok' } }] },
  };

  it('lists what extractTexts lists, once per scope while the payload is unchanged', () => {
    const ws = new Workspace(payload);
    for (const scope of ['request', 'request-untrusted', 'response'] as const) {
      const first = ws.texts(scope);
      expect(first.map((s) => [s.path, s.text, s.role])).toEqual(extractTexts(payload, scope).map((s) => [s.path, s.text, s.role]));
      expect(ws.texts(scope)).toBe(first);
    }
  });

  it('lists the texts again after a redaction replaced the payload', () => {
    const ws = new Workspace(payload);
    const before = ws.texts('request');
    ws.setText(['messages', 1, 'content'], 'mail [EMAIL_REDACTED]');
    const after = ws.texts('request');
    expect(after).not.toBe(before);
    expect(after.map((s) => s.text)).toEqual(['be brief', 'mail [EMAIL_REDACTED]']);
    // The list handed out earlier is left as it was (a step iterating it is not disturbed).
    expect(before.map((s) => s.text)).toEqual(['be brief', 'mail a@b.co']);
    expect(payload.messages[1]!.content).toBe('mail a@b.co');
    // A second write changes the already copied containers in place: listed again all the same.
    ws.setText(['messages', 0, 'content'], 'be [BRIEF]');
    expect(ws.texts('request').map((s) => s.text)).toEqual(['be [BRIEF]', 'mail [EMAIL_REDACTED]']);
  });
});
