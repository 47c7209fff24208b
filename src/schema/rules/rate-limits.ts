/**
 * W014: agent-firewall `rate_limits` entries that count the same calls, so one of them never holds.
 * - Two names that fold to the same tool (toolKeys: case, `-`, camelCase, look-alike and invisible
 *   characters; `Search` and `search`, `search_docs` and `searchDocs`): both count every call of it, and
 *   the lower limit is the one that holds (the other says a limit the pack does not keep).
 * - A namespaced limit (`mcp__x__search: 10`) at or above the limit named for the tool itself (`search: 5`),
 *   which counts the calls of the tool from every server, these too: it is reached first, so the
 *   namespaced one never decides. (Below it, the namespaced limit is a tighter one for that server: fine.)
 * Reported at the key of the later of two names of one tool, and of the namespaced limit.
 */
import type { JsonObject, PackModel } from '../../core/types.js';
import { isObject } from '../../core/pack/json.js';
import { shownName, toolKeys } from '../../core/detectors/tool-glob.js';
import { kindBlocks } from './blocks.js';
import { valueAt } from '../json-pointer.js';

export interface RateLimitProblem {
  segments: string[];
  message: string;
  hint: string;
}

const FOLD_HINT =
  'Keep one entry per tool: rate_limits read tool names as deny lists do (case, -, camelCase and look-alike letters do not count), so these are one tool';

export function rateLimitProblems(doc: JsonObject, model: PackModel): RateLimitProblem[] {
  const out: RateLimitProblem[] = [];
  for (const base of kindBlocks(doc, model, 'agent-firewall')) {
    const limits = valueAt(doc, [...base, 'rate_limits']);
    if (!isObject(limits)) continue;
    const at = (name: string) => [...base, 'rate_limits', name];
    // The entry of each tool (by toolKeys' `whole`) that holds: the lowest limit written for it.
    const byKey = new Map<string, { name: string; limit: number }>();
    const named: { name: string; limit: number; whole: string; own: string }[] = [];
    for (const [name, v] of Object.entries(limits)) {
      if (name === 'default' || typeof v !== 'number' || !Number.isFinite(v)) continue;
      const { whole, own } = toolKeys(name);
      named.push({ name, limit: v, whole, own });
      const first = byKey.get(whole);
      if (first === undefined) {
        byKey.set(whole, { name, limit: v });
        continue;
      }
      out.push({
        segments: at(name),
        message: `agent-firewall: rate_limits.${shownName(name)} and rate_limits.${shownName(first.name)} name the same tool: both count its calls, so only the lower limit (${Math.min(first.limit, v)}) holds`,
        hint: FOLD_HINT,
      });
      if (v < first.limit) byKey.set(whole, { name, limit: v });
    }
    for (const l of named) {
      if (l.whole === l.own) continue;
      const tool = byKey.get(l.own);
      if (tool === undefined || l.limit < tool.limit) continue;
      out.push({
        segments: at(l.name),
        message: `agent-firewall: rate_limits.${shownName(l.name)} (${l.limit}) never holds: rate_limits.${shownName(tool.name)} (${tool.limit}) counts the calls of ${shownName(l.own)} from every server, these too`,
        hint: `Set it below ${tool.limit} to hold this server's ${shownName(l.own)} to less than the tool's limit, or remove it`,
      });
    }
  }
  return out;
}
