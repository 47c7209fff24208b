/**
 * Runs `kt policy eval --format ndjson --phase request` once over many one-message payloads (one per
 * content, the user's turn) and returns the decisions in the same order, after checking that the command
 * wrote nothing to stderr and answered every line: the probes of the detectors read hundreds of rows this way.
 */
import { expect } from 'vitest';
import { runKt } from './run-kt.js';

export interface EvalStep {
  kind: string;
  verdict: string;
  findings?: { type: string }[];
}

export interface EvalDecision {
  verdict: string;
  steps: EvalStep[];
}

export async function evalEachContent(
  pack: string,
  contents: readonly string[],
  args: readonly string[] = [],
): Promise<EvalDecision[]> {
  const input = contents.map((content) => JSON.stringify({ model: 'm', messages: [{ role: 'user', content }] }));
  const r = await runKt(['policy', 'eval', '--file', pack, '--format', 'ndjson', '--phase', 'request', ...args], {
    stdin: `${input.join('\n')}\n`,
  });
  expect(r.stderr).toBe('');
  const decisions = r.stdout
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as EvalDecision);
  expect(decisions).toHaveLength(contents.length);
  return decisions;
}
