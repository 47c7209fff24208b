/**
 * dlp-filter with detect_secrets on signed URLs, through the prepared chain (the path of kt policy eval
 * and the gateway): what a shareable link carries is not reported as a secret, an Azure SAS signature is.
 */
import { describe, expect, it } from 'vitest';
import { prepareChain } from '../../../../src/core/engine.js';
import type { JsonObject, PackModel, Payload } from '../../../../src/core/types.js';
import { onePolicyPack } from '../../../helpers/packs.js';

function pack(config: JsonObject): PackModel {
  return onePolicyPack('dlp-filter', config);
}
const user = (content: string): Payload => ({ messages: [{ role: 'user', content }] });
const hex = (n: number, seed: number): string => {
  let x = seed;
  let out = '';
  for (let i = 0; i < n; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    out += '0123456789abcdef'[(x >>> 16) & 15];
  }
  return out;
};

describe('dlp-filter detect_secrets on signed URLs', () => {
  const chain = prepareChain(pack({ detect_secrets: true }));
  const findingsOf = (text: string) => {
    const d = chain.evaluate(user(text), { now: 0, mode: 'exhaustive' });
    return d.steps
      .find((s) => s.kind === 'dlp-filter')!
      .findings.map((f) => ({ type: f.type, value: text.slice(f.start, f.end) }));
  };

  it('reports no secret in the credential and signature of a GCS V4 signed URL', () => {
    const credential = 'reports%40analytics-prod.iam.gserviceaccount.com%2F20250301%2Fauto%2Fstorage%2Fgoog4_request';
    const signature = hex(512, 5);
    const text =
      'Why does this link answer 403? https://storage.googleapis.com/exports/q1.csv?X-Goog-Algorithm=GOOG4-RSA-SHA256' +
      `&X-Goog-Credential=${credential}&X-Goog-Date=20250301T090000Z&X-Goog-Expires=3600` +
      `&X-Goog-SignedHeaders=host&X-Goog-Signature=${signature}`;
    const found = findingsOf(text);
    expect(found.filter((f) => f.type === 'generic_secret')).toEqual([]);
    expect(found.some((f) => credential.includes(f.value) || signature.includes(f.value))).toBe(false);
  });

  it('still reports the signature of an Azure SAS token', () => {
    const sig = `${hex(43, 9)}%3D`;
    const text = `https://acct.blob.core.windows.net/c/f.txt?sv=2022-11-02&ss=b&srt=o&sp=r&se=2030-01-01&sig=${sig}`;
    expect(findingsOf(text)).toContainEqual({ type: 'azure_storage_key', value: sig });
  });
});

describe('dlp-filter redaction.preserve_length', () => {
  const contentOf = (config: JsonObject, text: string): unknown => {
    const d = prepareChain(pack(config)).evaluate(user(text), { now: 0 });
    expect(d.verdict).toBe('redact');
    return (d.request as { messages: { content: unknown }[] }).messages[0]!.content;
  };
  const patterns = [{ name: 'employee_id', regex: 'EMP-[0-9]{6}', action: 'redact' }];

  it('keeps the length of what it redacts, as pii-detector does (the accepted field was ignored: label markers)', () => {
    const text = 'ask EMP-123456 today';
    expect(contentOf({ patterns, redaction: { preserve_length: true } }, text)).toBe('ask ********** today');
    expect(contentOf({ patterns }, text)).toBe('ask [EMPLOYEE_ID_REDACTED] today');
    expect(contentOf({ patterns, redaction: { preserve_length: false, marker_format: 'label' } }, text)).toBe(
      'ask [EMPLOYEE_ID_REDACTED] today',
    );
  });
});

describe('dlp-filter detect_secrets: infrastructure identifiers', () => {
  const step = (config: JsonObject, content: string) =>
    prepareChain(pack({ detect_secrets: true, ...config }))
      .evaluate(user(content), { now: 0, mode: 'exhaustive' })
      .steps.find((s) => s.kind === 'dlp-filter')!;
  const arn = 'Why can arn:aws:iam::123456789012:role/deploy not assume arn:aws:iam::123456789012:role/admin?';

  it('redacts an account-owned ARN under the default secrets_action block (the whole question was blocked)', () => {
    const s = step({}, arn);
    expect(s.findings.map((f) => f.type)).toEqual(['aws_arn', 'aws_arn']);
    expect(s.verdict).toBe('redact');
  });

  it('a credential beside it still blocks, and a secrets_action below redact applies to both', () => {
    expect(step({}, `${arn} The key is AKIAQ3EGQKZ7MRTHXW4P.`).verdict).toBe('block');
    expect(step({ secrets_action: 'log' }, arn).verdict).toBe('allow');
  });
});
