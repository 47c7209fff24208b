import { describe, expect, it } from 'vitest';
import type { Decision, StepResult } from '../../../src/core/index.js';
import { renderDecisionText } from '../../../src/output/decision.js';
import { displayWidth } from '../../../src/output/plain-table.js';

const step = (policy: string, kind: string, verdict: StepResult['verdict'], extra: Partial<StepResult> = {}) =>
  ({ policy, kind, phase: 'input', verdict, reason_code: null, findings: [], duration_us: 12, ...extra }) as StepResult;

const payload = { messages: [{ role: 'user', content: 'hello' }] };
const decision = (steps: StepResult[]): Decision =>
  ({
    verdict: 'block',
    reason_code: 'dlp.pattern_matched',
    blocked_by: 'dlp-filter',
    steps,
    request: payload,
    http: { status: 409, error: { type: 'policy_violation', code: 'input_blocked', policy: 'x', message: 'blocked' } },
  }) as unknown as Decision;

const stepLines = (text: string) => text.split('\n').filter((l) => l.startsWith('  ') && !l.startsWith('   '));

describe('renderDecisionText: the steps table', () => {
  it('one line per step under the titles, columns two spaces apart, ends of lines trimmed', () => {
    const text = renderDecisionText(
      decision([
        step('rbac', 'rbac', 'allow', { phase: 'identity' }),
        step('prompt-injection', 'prompt-injection', 'allow', { score: 0, duration_us: 1231 }),
        step('dlp-filter', 'dlp-filter', 'block', { reason_code: 'dlp.pattern_matched', duration_us: 171 }),
        step('audit-logger', 'audit-logger', 'skipped', {
          phase: 'audit',
          reason_code: 'chain.short_circuit',
          duration_us: 0,
        }),
      ]),
      payload,
      { color: false },
    );
    expect(text).toContain(
      [
        'Steps:',
        '  POLICY            PHASE     VERDICT  REASON               SCORE  TIME',
        '  rbac              identity  allow                                12µs',
        '  prompt-injection  input     allow                         0      1.2ms',
        '  dlp-filter        input     block    dlp.pattern_matched         171µs',
        '  audit-logger      audit     skipped  chain.short_circuit         0µs',
      ].join('\n'),
    );
  });

  it('on a colour terminal only the verdict is painted, and the columns stay where they are without colour', () => {
    const steps = [step('rbac', 'rbac', 'allow'), step('dlp-filter', 'dlp-filter', 'block')];
    const plain = renderDecisionText(decision(steps), payload, { color: false });
    const coloured = renderDecisionText(decision(steps), payload, { color: true });
    expect(coloured).toContain('\u001b[32mallow\u001b[0m    ');
    expect(coloured).toContain('\u001b[31mblock\u001b[0m    ');
    // eslint-disable-next-line no-control-regex
    expect(coloured.replace(/\u001b\[\d+m/g, '')).toBe(plain);
  });

  it('a policy named in CJK or with a line break in a pack keeps its row on one line, the columns aligned on screen', () => {
    const text = renderDecisionText(
      decision([
        step('個人情報フィルタ', 'pii-detector', 'redact'),
        step('secrets\nblock', 'dlp-filter', 'block'),
        step('rbac', 'rbac', 'allow'),
      ]),
      payload,
      { color: false },
    );
    const lines = stepLines(text.slice(text.indexOf('Steps:')));
    expect(lines).toHaveLength(4);
    expect(lines[2]).toContain('secrets block (dlp-filter)');
    const phaseAt = (line: string) =>
      displayWidth(line.slice(0, line.indexOf('input') === -1 ? line.indexOf('PHASE') : line.indexOf('input')));
    for (const line of lines) expect(phaseAt(line)).toBe(phaseAt(lines[0]!));
  });
});
