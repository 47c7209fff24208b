/**
 * The pii-detector step's scan memo is bounded by the matches it keeps, not only by its entries: texts
 * dense in PII (a hostile client's choice) are dropped oldest first, while ordinary texts stay memoised.
 * The detector is wrapped to count its scans: a memo hit does not scan.
 */
import { describe, expect, it, vi } from 'vitest';
import type { JsonObject, PackModel, Payload } from '../../../../src/core/types.js';
import type * as Pii from '../../../../src/core/detectors/pii.js';
import { onePolicyPack } from '../../../helpers/packs.js';

const scans = { n: 0 };
vi.mock('../../../../src/core/detectors/pii.js', async (importOriginal) => {
  const original = await importOriginal<typeof Pii>();
  return {
    ...original,
    preparePiiDetector: (...args: Parameters<typeof original.preparePiiDetector>) => {
      const detector = original.preparePiiDetector(...args);
      return { ...detector, scan: (text: string) => (scans.n++, detector.scan(text)) };
    },
  };
});

const { prepareChain } = await import('../../../../src/core/engine.js');

function piiChain(): ReturnType<typeof prepareChain> {
  const config: JsonObject = { categories: ['email'], action: 'redact' };
  const pack: PackModel = onePolicyPack('pii-detector', config);
  return prepareChain(pack);
}
const user = (content: string): Payload => ({ messages: [{ role: 'user', content }] });
/** About 16 KB: `emails` addresses (distinct per `tag`) in filler prose. */
function text(tag: number, emails: number): string {
  const parts: string[] = [];
  for (let k = 0; k < emails; k++) parts.push(`u${k}.t${tag}@example.com`);
  const filler = 'plain words about the quarterly plan and nothing else. ';
  const body = parts.join(' ');
  return `${body} ${filler.repeat(Math.ceil((16_000 - body.length) / filler.length))}`.slice(0, 16_000);
}

describe('pii-detector scan memo', () => {
  it('memoises ordinary texts and drops dense ones oldest first when their matches exceed the bound', () => {
    const chain = piiChain();
    const ctx = { now: 0 };
    // Ordinary texts (a few matches each): all 40 kept, the second round scans nothing.
    const ordinary = Array.from({ length: 40 }, (_, k) => user(text(k, 3)));
    for (const p of ordinary) chain.evaluate(p, ctx);
    const before = scans.n;
    for (const p of ordinary) chain.evaluate(p, ctx);
    expect(scans.n).toBe(before);
    // Dense texts (600 matches each): 60 of them exceed the bound, so the first ones were dropped again.
    const dense = Array.from({ length: 60 }, (_, k) => user(text(1000 + k, 600)));
    for (const p of dense) {
      const d = chain.evaluate(p, ctx);
      expect(d.steps[0]!.findings.length).toBe(600);
    }
    const afterDense = scans.n;
    chain.evaluate(dense[0]!, ctx);
    expect(scans.n).toBe(afterDense + 1);
    // The most recent dense text is still kept.
    chain.evaluate(dense[59]!, ctx);
    expect(scans.n).toBe(afterDense + 1);
  });
});
