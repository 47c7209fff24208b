/**
 * Structural signals of the injection detector that are not phrases: text written in a word game
 * (pig latin) to slip past filters, the same token repeated many times (a repeated-token attack dilutes
 * the model's attention), and a fabricated dialogue (several "Q:"/"A:" or "User:"/"Assistant:" turns
 * inside one message) used by few-shot and many-shot attacks. One pass over the words of the view also
 * yields the word set the grammar rules are gated on.
 */
import type { TextMatch } from './match.js';
import { mapSpan, type NormalizedText } from './normalize.js';

const WORD = /[a-z0-9]+/g;
const TURN = /(?:^|[\s.?!"'(])(q|a|question|answer|user|human|assistant|ai|bot|model)\s*:/g;
/** The same token repeated this many times in a row is a repeated-token attack. */
const REPEAT_RUN = 8;

/**
 * Appends word-game, repeated-token and fabricated-dialogue findings for the view, and returns the set of
 * its words (ASCII letters and digits).
 */
export function structureFindings(view: NormalizedText, findings: TextMatch[]): Set<string> {
  const text = view.text;
  const words = new Set<string>();
  let counted = 0;
  let ay = 0;
  let ayFirst = -1;
  let ayLast = 0;
  let prev = '';
  let prevEnd = -1;
  let run = 0;
  let runStart = 0;
  let repeated = false;
  WORD.lastIndex = 0;
  for (let m = WORD.exec(text); m !== null; m = WORD.exec(text)) {
    const w = m[0];
    words.add(w);
    // Pig latin: most words of a phrase end in "ay" ("erewhay oesday ethay useryay").
    if (w.length >= 3) {
      counted++;
      if (w.length >= 4 && w.endsWith('ay')) {
        ay++;
        if (ayFirst < 0) ayFirst = m.index;
        ayLast = m.index + w.length;
      }
    }
    // Repeated token: consecutive equal words separated by whitespace only ("cake cake cake").
    if (!repeated) {
      if (w === prev && /^\s+$/.test(text.slice(prevEnd, m.index))) {
        run++;
        if (run === REPEAT_RUN) {
          repeated = true;
          findings.push({ type: 'attack_pattern', detector: 'injection.structure:repeated_token', score: 0.8, ...mapSpan(view, runStart, m.index + w.length) });
        }
      } else {
        run = 1;
        runStart = m.index;
      }
      prev = w;
      prevEnd = m.index + w.length;
    }
  }
  if (counted >= 3 && ay >= 3 && ay / counted >= 0.6) {
    findings.push({ type: 'encoded_payload', detector: 'injection.obfuscation:word_game', score: 0.85, ...mapSpan(view, ayFirst, ayLast) });
  }

  // Fabricated dialogue: alternating question/answer or user/assistant labels, at least Q, A, Q.
  if (text.includes(':')) {
    let turns = 0;
    let prevRole = '';
    let start = -1;
    let end = 0;
    TURN.lastIndex = 0;
    for (let m = TURN.exec(text); m !== null; m = TURN.exec(text)) {
      const role = m[1] === 'q' || m[1] === 'question' || m[1] === 'user' || m[1] === 'human' ? 'asker' : 'answerer';
      if (role !== prevRole) {
        turns++;
        prevRole = role;
        if (start < 0) start = m.index;
        end = m.index + m[0].length;
      }
    }
    if (turns >= 3) {
      findings.push({ type: 'fake_boundary', detector: 'injection.structure:fabricated_dialogue', score: turns >= 5 ? 0.9 : 0.78, ...mapSpan(view, start, end) });
    }
  }
  return words;
}
