import { describe, expect, it } from 'vitest';
import { canonicalConfig, mapLegacyItem, spellingNotes } from '../../../../src/core/pack/index.js';

describe('canonicalConfig', () => {
  it('prompt-injection: every pattern spelling lands in detection.attack_patterns; flat fields move under response', () => {
    const out = canonicalConfig('prompt-injection', {
      attack_patterns: ['a'],
      detection: { patterns: ['b', 'a'], multi_turn: true },
      threshold: 0.7,
      action: 'block',
      message: 'no',
    });
    expect(out).toEqual({
      detection: { multi_turn: true, attack_patterns: ['b', 'a'] },
      embedding_threshold: 0.7,
      response: { action: 'block', message: 'no' },
    });
  });

  it('prompt-injection: the canonical spelling wins when both are present', () => {
    expect(
      canonicalConfig('prompt-injection', {
        embedding_threshold: 0.9,
        threshold: 0.1,
        response: { action: 'escalate' },
        action: 'block',
      }),
    ).toEqual({
      embedding_threshold: 0.9,
      response: { action: 'escalate' },
    });
    expect(canonicalConfig('prompt-injection', { classifier: { enabled: true, threshold: 0.85, model: 'm' } })).toEqual(
      { embedding_threshold: 0.85, classifier: { enabled: true, model: 'm' } },
    );
  });

  it("prompt-injection: the public docs' nested detection.embedding_threshold is read as embedding_threshold, with a spelling note", () => {
    expect(
      canonicalConfig('prompt-injection', { detection: { embedding_threshold: 0.8, attack_patterns: ['x'] } }),
    ).toEqual({ detection: { attack_patterns: ['x'] }, embedding_threshold: 0.8 });
    expect(
      canonicalConfig('prompt-injection', { embedding_threshold: 0.9, detection: { embedding_threshold: 0.8 } }),
    ).toEqual({ detection: {}, embedding_threshold: 0.9 });
    expect(spellingNotes('prompt-injection', { detection: { embedding_threshold: 0.8 } })).toEqual([
      { field: 'detection.embedding_threshold', canonical: 'embedding_threshold' },
    ]);
  });

  it('pii-detector: category names move to categories, regexes stay in detect_patterns', () => {
    expect(
      canonicalConfig('pii-detector', {
        detect_patterns: ['email', 'Phone_Number', '\\bX\\d+\\b'],
        entity_types: ['ssn'],
      }),
    ).toEqual({
      categories: ['ssn', 'email', 'phone'],
      detect_patterns: ['\\bX\\d+\\b'],
    });
  });

  it('dlp-filter: detect_patterns become named patterns that take the block action', () => {
    expect(
      canonicalConfig('dlp-filter', {
        action: 'block',
        detect_patterns: ['AKIA[0-9A-Z]{16}'],
        patterns: [{ name: 'x', regex: 'y' }],
      }),
    ).toEqual({
      action: 'block',
      patterns: [
        { name: 'x', regex: 'y' },
        { name: 'detect_patterns[0]', regex: 'AKIA[0-9A-Z]{16}' },
      ],
    });
  });

  it('agent-firewall: template spellings map onto the reference ones', () => {
    expect(
      canonicalConfig('agent-firewall', {
        blocked_tools: ['a'],
        denied_tools: ['b', 'a'],
        rate_limit: { max_calls_per_minute: 30, max_calls_per_session: 200 },
        transaction_limit: { max_cost_per_session: 10 },
      }),
    ).toEqual({
      blocked_tools: ['a', 'b'],
      rate_limits: { default: 30 },
      max_actions_per_session: 200,
      transaction_limits: { max_cost_per_session: 10 },
    });
  });

  it('quality-scorer: min_score is overall_min_score; other kinds pass through untouched', () => {
    expect(canonicalConfig('quality-scorer', { min_score: 0.7 })).toEqual({ overall_min_score: 0.7 });
    const rbac = { require_auth: true, deny_if_missing: ['role'] };
    expect(canonicalConfig('rbac', rbac)).toEqual(rbac);
    expect(canonicalConfig('rbac', rbac)).not.toBe(rbac);
  });

  it('quality-scorer: the dimension relevance is relevancy under weights and dimensions; relevancy wins', () => {
    const config = {
      weights: { relevance: 2, coherence: 1 },
      dimensions: { relevance: { min_score: 0.5 }, relevancy: { min_score: 0.7 } },
    };
    expect(canonicalConfig('quality-scorer', config)).toEqual({
      weights: { coherence: 1, relevancy: 2 },
      dimensions: { relevancy: { min_score: 0.7 } },
    });
    expect(spellingNotes('quality-scorer', config)).toEqual([
      { field: 'weights.relevance', canonical: 'weights.relevancy' },
      { field: 'dimensions.relevance', canonical: 'dimensions.relevancy' },
    ]);
  });

  it('spellingNotes names exactly the non-canonical fields', () => {
    expect(spellingNotes('dlp-filter', { patterns: [] })).toEqual([]);
    expect(spellingNotes('pii-detector', { detect_patterns: ['\\d+'] })).toEqual([]);
    expect(spellingNotes('pii-detector', { detect_patterns: ['email'] })).toEqual([
      { field: 'detect_patterns', canonical: 'categories' },
    ]);
  });
});

describe('mapLegacyItem', () => {
  it('maps a regex-free input PII filter onto pii-detector but reports the direction change', () => {
    const m = mapLegacyItem({
      name: 'p',
      type: 'input_filter',
      action: 'redact',
      patterns: [{ type: 'email', replacement: '[E]' }],
    });
    expect(m.kind).toBe('pii-detector');
    expect(m.config).toEqual({
      action: 'redact',
      categories: ['email'],
      redaction: { custom_markers: { email: '[E]' } },
    });
    expect(m.losses).toHaveLength(1);
  });

  it('returns no kind for items nothing current can do, naming the settings', () => {
    const m = mapLegacyItem({
      name: 'o',
      type: 'output_filter',
      action: 'escalate',
      detection: { system_prompt_leak: true },
    });
    expect(m.kind).toBeNull();
    expect(m.losses[0]).toContain('detection.system_prompt_leak');
  });
});
