/**
 * Structural signals of the injection detector that are not phrases: text written in a word game
 * (pig latin) to slip past filters, and a fabricated dialogue (several "Q:"/"A:" or "User:"/"Assistant:"
 * turns inside one message) used by few-shot and many-shot attacks. Both walk the view once.
 */
import type { TextMatch } from './match.js';
import { mapSpan, type NormalizedText } from './normalize.js';

const WORD = /[a-z]+/g;
const TURN = /(?:^|[\s.?!"'(])(q|a|question|answer|user|human|assistant|ai|bot|model)\s*:/g;

/** The same token repeated this many times in a row is a repeated-token attack (it dilutes attention). */
const REPEAT_RUN = 8;

/** Appends obfuscation, repeated-token and fake-dialogue findings for the matching view. */
export function obfuscationFindings(view: NormalizedText, findings: TextMatch[]): void {
  // Pig latin: most words of a phrase end in "ay" ("erewhay oesday ethay useryay").
  let words = 0;
  let ay = 0;
  let first = -1;
  let last = 0;
  WORD.lastIndex = 0;
  for (let m = WORD.exec(view.text); m !== null; m = WORD.exec(view.text)) {
    if (m[0].length < 3) continue;
    words++;
    if (m[0].endsWith('ay') && m[0].length >= 4) {
      ay++;
      if (first < 0) first = m.index;
      last = m.index + m[0].length;
    }
  }
  if (words >= 3 && ay >= 3 && ay / words >= 0.6) {
    findings.push({ type: 'encoded_payload', detector: 'injection.obfuscation:word_game', score: 0.85, ...mapSpan(view, first, last) });
  }

  // Repeated token: "cake cake cake ..." or "12345 12345 ...".
  let prev = '';
  let run = 0;
  let runStart = 0;
  for (const m of view.text.matchAll(/\S+/g)) {
    if (m[0] === prev) {
      run++;
      if (run === REPEAT_RUN) {
        findings.push({ type: 'attack_pattern', detector: 'injection.structure:repeated_token', score: 0.8, ...mapSpan(view, runStart, m.index! + m[0].length) });
        break;
      }
    } else {
      prev = m[0];
      run = 1;
      runStart = m.index!;
    }
  }

  // Fabricated dialogue: alternating question/answer or user/assistant labels, at least Q, A, Q.
  let turns = 0;
  let prevRole = '';
  let start = -1;
  let end = 0;
  TURN.lastIndex = 0;
  for (let m = TURN.exec(view.text); m !== null; m = TURN.exec(view.text)) {
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
