import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { detectShape, knownKinds, migrateLegacy, normalizePack, phaseOf } from '../../../../src/core/pack/index.js';
import type { JsonObject } from '../../../../src/core/types.js';

const example = (name: string): JsonObject =>
  parse(readFileSync(fileURLToPath(new URL(`../../../../examples/${name}`, import.meta.url)), 'utf8')) as JsonObject;

describe('normalizePack', () => {
  it('reads the zero-trust seed as the current shape, chain in order, canonical spellings', () => {
    const model = normalizePack(example('zero-trust-gateway.yaml'));
    expect(model.shape).toBe('current');
    expect(model.pack).toEqual({ name: 'zero-trust-gateway', version: '1.0', enabled: true });
    expect(model.chain.map((e) => e.kind)).toEqual([
      'rbac',
      'prompt-injection',
      'safety-filter',
      'pii-detector',
      'dlp-filter',
      'agent-firewall',
      'quality-scorer',
      'citation-verifier',
      'audit-logger',
    ]);
    expect(model.chain[1]!.pointer).toBe('/policy/prompt-injection');
    expect(model.chain[1]!.config).toMatchObject({ embedding_threshold: 0.8, response: { action: 'block' } });
    expect(model.chain[4]!.config.patterns).toHaveLength(3);
  });

  it('flattens the object spelling of a provider target and defaults its name to openai', () => {
    const model = normalizePack(example('security-engineering-providers-2.yaml'));
    expect(model.providers).toEqual([
      {
        id: 'openai',
        provider: 'openai',
        base_url: 'https://api.openai.com/v1',
        secret_key_ref: { env: 'OPENAI_API_KEY' },
        extra: {},
      },
    ]);
    expect(normalizePack(example('security-engineering-providers-5.yaml')).providers[0]!.secret_key_ref).toEqual({
      store: 'OPENAI_API_KEY',
    });
  });

  it('reads a single-policy document with the fields beside the metadata as the config', () => {
    const doc: JsonObject = {
      policy: { name: 'agent-firewall', version: '1.0.0', enabled: true },
      denied_tools: ['shell'],
      blocked_tools: ['rm'],
    };
    expect(detectShape(doc)).toBe('single-policy');
    const model = normalizePack(doc);
    expect(model.pack).toEqual({ name: 'agent-firewall', version: '1.0.0', enabled: true });
    expect(model.chain).toEqual([
      { name: 'agent-firewall', kind: 'agent-firewall', config: { blocked_tools: ['rm', 'shell'] }, pointer: '' },
    ]);
  });

  it('keeps legacy items as their own entries: clean ones mapped, the rest as legacy filter kinds', () => {
    const model = normalizePack(example('legacy-dlp-and-injection.yaml'));
    expect(model.shape).toBe('legacy-list');
    expect(model.chain.map((e) => [e.name, e.kind])).toEqual([
      ['pii-input-filter', 'input_filter'],
      ['pii-output-filter', 'output_filter'],
      ['content-safety', 'safety-filter'],
      ['topic-restriction', 'safety-filter'],
      ['prompt-injection-detection', 'prompt-injection'],
      ['output-validation', 'output_filter'],
      ['injection-escalation', 'input_filter'],
    ]);
    expect(model.chain[0]!.config.type).toBe('input_filter');
    expect(model.chain[2]!.config).toEqual({
      categories: ['hate_speech', 'violence', 'self_harm', 'sexual_content'],
      threshold: 'medium',
      action: 'block',
    });
    expect(model.chain[3]!.config).toEqual({
      blocked_topics: ['competitor pricing', 'internal roadmap', 'employee compensation'],
      action: 'block',
    });
    expect(model.chain[6]!.pointer).toBe('/policies/6');
  });

  it('maps a legacy prompt_injection type directly', () => {
    const model = normalizePack({
      version: '1',
      policies: [{ name: 'pi', type: 'prompt_injection', action: 'block', threshold: 0.85 }],
    });
    expect(model.chain[0]).toMatchObject({
      name: 'pi',
      kind: 'prompt-injection',
      config: { embedding_threshold: 0.85, response: { action: 'block' } },
    });
  });

  it('never throws on odd documents', () => {
    for (const doc of [
      {},
      { policies: { chain: [1, null, 'rbac'] } },
      { policy: { name: 7 } },
      { providers: { targets: [null, 3] } },
    ] as JsonObject[]) {
      expect(() => normalizePack(doc)).not.toThrow();
    }
  });
});

describe('kinds', () => {
  it('gives every known kind a phase, legacy filters too', () => {
    for (const kind of knownKinds)
      expect(['network', 'identity', 'input', 'tool', 'output', 'audit']).toContain(phaseOf(kind));
    expect(phaseOf('agent-firewall')).toBe('tool');
    expect(phaseOf('rbac')).toBe('identity');
    expect(phaseOf('output_filter')).toBe('output');
    expect(() => phaseOf('nope')).toThrow();
  });
});

describe('migrateLegacy', () => {
  it('turns the legacy seed into one block per kind and reports what it could not map', () => {
    const { document, notes, mapped, dropped } = migrateLegacy(example('legacy-dlp-and-injection.yaml'), {
      name: 'sec',
    });
    expect(mapped).toBe(5);
    expect(dropped).toEqual(["'output-validation'", "'injection-escalation'"]);
    expect(document.policies).toEqual({ chain: ['pii-detector', 'safety-filter', 'prompt-injection'] });
    const policy = document.policy as Record<string, JsonObject>;
    expect(policy['pii-detector']).toMatchObject({
      action: 'redact',
      categories: ['email', 'phone', 'ssn', 'credit_card'],
      detect_patterns: ['\\b[A-Z]{2}\\d{6,10}\\b'],
      redaction: { custom_markers: { email: '[EMAIL REDACTED]', custom_pattern: '[ACCOUNT REDACTED]' } },
    });
    expect(policy['safety-filter']).toEqual({
      categories: ['hate_speech', 'violence', 'self_harm', 'sexual_content'],
      threshold: 'medium',
      action: 'block',
      blocked_topics: ['competitor pricing', 'internal roadmap', 'employee compensation'],
    });
    expect(policy['prompt-injection']).toMatchObject({ embedding_threshold: 0.85, response: { action: 'block' } });
    expect(notes.some((n) => n.startsWith("'output-validation' (output_filter): not migrated"))).toBe(true);
    expect(notes.some((n) => n.startsWith("'injection-escalation' (input_filter): not migrated"))).toBe(true);
    expect(notes.some((n) => n.includes('safety-filter:') && n.includes('threshold'))).toBe(false);
    // The output filter had no replacements: in the merged block its matches take the input filter's markers.
    expect(notes).toContain(
      `'pii-output-filter' -> pii-detector: one marker per type in the merged block: email written as "[EMAIL REDACTED]", not the default marker; phone written as "[PHONE REDACTED]", not the default marker; ssn written as "[SSN REDACTED]", not the default marker`,
    );
    expect(notes.filter((n) => n.includes('written as'))).toHaveLength(1);
  });

  it('says that fragments of an includes list are not in the output, which enforces less (it dropped them silently, exit 0)', () => {
    const { dropped, notes } = migrateLegacy({
      version: '1',
      includes: ['common/pii.yaml'],
      policies: [{ name: 'inj', type: 'prompt_injection' }],
    });
    expect(dropped).toEqual(['includes']);
    expect(notes).toEqual([
      'includes "common/pii.yaml": not migrated: kt does not load fragments; copy their items into the pack',
    ]);
  });
});
