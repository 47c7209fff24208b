/**
 * E004 on a legacy `input_filter` / `output_filter` item that configures nothing kt evaluates on its side
 * (`type: output_filter` with `detection.patterns`, which are read on requests only; an item with only
 * `detection.system_prompt_leak` on the input side; a bare `action`). Such an item used to lint clean while
 * every evaluation of it was a config error, which the default fail mode turns into a block of all traffic.
 * The facets are the ones the evaluator builds its steps from (legacyFacets), so lint and the engine
 * cannot disagree; they live in core/pack so that lint does not load the detectors.
 */
import type { PackModel } from '../../core/types.js';
import { legacyFacets } from '../../core/pack/legacy.js';
import { pointerSegments } from '../json-pointer.js';

export interface LegacyItemProblem {
  segments: string[];
  message: string;
  hint: string;
}

const sides = { input_filter: 'request', output_filter: 'response' } as const;

export function legacyItemProblems(model: PackModel): LegacyItemProblem[] {
  if (model.shape !== 'legacy-list') return [];
  const out: LegacyItemProblem[] = [];
  for (const entry of model.chain) {
    const side = entry.kind === 'input_filter' || entry.kind === 'output_filter' ? sides[entry.kind] : undefined;
    // A disabled item never evaluates, so it cannot fail.
    if (side === undefined || entry.disabled === true || legacyFacets(entry.config, side).length > 0) continue;
    out.push({
      segments: [...pointerSegments(entry.pointer), 'type'],
      message: `legacy ${entry.kind} '${entry.name}' configures nothing kt evaluates on ${side}s: every evaluation would fail (and block, in the default fail mode)`,
      hint:
        entry.kind === 'input_filter'
          ? 'An input_filter evaluates patterns (PII types, regexes), detection.patterns (injection phrases) or escalation; detection.system_prompt_leak / format_deviation are output_filter checks'
          : 'An output_filter evaluates patterns (PII types, regexes) and detection.system_prompt_leak / format_deviation; injection phrases (detection.patterns) and escalation belong to an input_filter',
    });
  }
  return out;
}
