/**
 * E004 on a legacy `input_filter` / `output_filter` item that configures nothing kt evaluates on its side
 * (`type: output_filter` with `detection.patterns`, which are read on requests only; an item with only
 * `detection.system_prompt_leak` on the input side; a bare `action`). Such an item used to lint clean while
 * every evaluation of it was a config error, which the default fail mode turns into a block of all traffic.
 * The facets are the ones the evaluator builds its steps from (legacyFacets), so lint and the engine
 * cannot disagree; they live in core/pack so that lint does not load the detectors.
 */
import type { JsonObject, PackModel } from '../../core/types.js';
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

/**
 * E004 on a legacy `includes:` list (the older guides' directive for pack fragments). kt does not read
 * fragments (nothing loads a second file for a pack: lint, eval, test, the gateway and migrate read one),
 * so the policies they hold never ran while the pack linted clean and the gateway started. An empty list
 * includes nothing and is fine.
 */
export function legacyIncludesProblem(doc: JsonObject, model: PackModel): LegacyItemProblem | undefined {
  if (model.shape !== 'legacy-list' || !Array.isArray(doc.includes) || doc.includes.length === 0) return undefined;
  const names = doc.includes.map((f) => (typeof f === 'string' ? f : JSON.stringify(f))).join(', ');
  return {
    segments: ['includes'],
    message: `includes is not supported by kt: the policies of ${names} would not be loaded, so the pack would enforce less than it says`,
    hint: "Copy the fragments' policies into this file's policies list (then `kt policy migrate` it), or lint and run each fragment as a pack of its own",
  };
}
