import { describe, expect, it } from 'vitest';
import { evaluatedKinds, knownKinds, legacyFilterKinds } from '../../../../src/core/pack/kinds.js';
import { policyKinds } from '../../../../src/core/policies/index.js';

describe('evaluatedKinds', () => {
  it('is the current kinds of the engine registry (lint reads it to warn about skipped kinds)', () => {
    const registered = [...policyKinds.keys()].filter((k) => !legacyFilterKinds.includes(k)).sort();
    expect([...evaluatedKinds].sort()).toEqual(registered);
    for (const k of evaluatedKinds) expect(knownKinds).toContain(k);
  });
});
