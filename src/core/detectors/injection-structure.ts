/**
 * Structural signals of the injection detector that are not phrases: text written in a word game
 * (pig latin) to slip past filters, the same token repeated many times (a repeated-token attack dilutes
 * the model's attention), and a fabricated dialogue (several "Q:"/"A:" or "User:"/"Assistant:" turns
 * inside one message) used by few-shot and many-shot attacks. The same pass over the words of the view
 * marks the grammar rules whose anchor words occur (the rules are gated on them).
 */
import type { TextMatch } from './match.js';
import { mapSpan, type NormalizedText } from './normalize.js';
import { HASH_SEED, hashStep, type WordTable } from './normalize-words.js';
import type { AsciiTokenCollector } from './similarity.js';
import type { ShiftCipherScan } from './injection-cipher.js';
import type { ObfuscationMarks } from './injection-obfuscation.js';

const TURN = /(?:^|[\s.?!"'(])(q|a|question|answer|user|human|assistant|ai|bot|model)\s*:/g;
/** TURN with the sticky flag, tried at one position. */
const TURN_AT = new RegExp(TURN.source, 'y');
const TURN_ROLES = ['q', 'a', 'question', 'answer', 'user', 'human', 'assistant', 'ai', 'bot', 'model'];
/**
 * A request to work on a record of a conversation, or one presented as such: "summarise this support chat",
 * "here is the transcript of our call", "the following conversation between a customer and an agent",
 * "tidy up this FAQ". Turns after it are material handed over, not turns the text pretends the model had.
 */
const TRANSCRIPT_FRAME =
  /\b(?:summari[sz]e|summary of|analy[sz]e|review|translate|classify|categori[sz]e|extract|proofread|rewrite|reformat|format|tidy up|clean up|anonymi[sz]e|redact|grade|rate|evaluate|check|read|go through|look at|here is|here's|below is|this is|following|attached|pasted)\b[^.\n]{0,80}\b(?:chats?|chat logs?|conversations?|transcripts?|dialogues?|dialogs?|exchanges?|calls?|threads?|interviews?|meetings?|faqs?|q&a|tickets?)\b/;
/** How far before a dialogue's first turn its framing is looked for. */
const FRAME_REACH = 400;
/** The score of a framed dialogue (framedAsTranscript): a sign, not evidence (noisy-OR counts from 0.5). */
export const FRAMED_DIALOGUE_SCORE = 0.55;
/** From this length on, TURN is tried at the possible starts of a match only. */
const LONG_TEXT = 4096;
/** The same token repeated this many times in a row is a repeated-token attack. */
export const REPEAT_RUN = 8;

/**
 * A number or a hex byte ("00", "ff", "0x00", "1"): runs of them are data (hexdumps, zero padding, matrices),
 * not a flood of a word, so they are not a repeated-token attack. Only the repeated word is tested, once.
 */
export function isDatumToken(text: string, start: number, end: number): boolean {
  let digit = false;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i) | 0x20;
    if (c >= 0x30 && c <= 0x39) digit = true;
    else if (!(c >= 0x61 && c <= 0x66) && !(c === 0x78 && i === start + 1 && text.charCodeAt(start) === 0x30))
      return false;
  }
  return digit || end - start === 2;
}

/** What else the structure pass feeds while it walks the words of the view. */
export interface StructurePassUsers {
  /** Marks the grammar rules whose anchor words occur. */
  gate?: RuleGate;
  /** Collects the similarity layer's tokens (ASCII views only). */
  tokens?: AsciiTokenCollector;
  /** Feeds the shift-cipher check its a-z words (its findings are taken from it afterwards). */
  cipher?: ShiftCipherScan;
  /** Marks the words that hide gate words, as the word pass does (read from it afterwards). */
  marks?: ObfuscationMarks;
}

/** The grammar rules a word unlocks: a table of anchor words and the gate flags (by index) that scanning sets. */
export interface RuleGate {
  table: WordTable<readonly number[]>;
  unlocked: Uint8Array;
}

/**
 * Appends word-game, repeated-token and fabricated-dialogue findings for the view, and marks in
 * the rules whose anchor words occur in it (words are runs of ASCII letters and digits).
 * `also` names the other users of the same walk (rule gate, similarity tokens, shift-cipher check).
 */
export function structureFindings(view: NormalizedText, findings: TextMatch[], also: StructurePassUsers = {}): void {
  const { gate, tokens: sim, cipher, marks } = also;
  const text = view.text;
  let counted = 0;
  let ay = 0;
  let ayFirst = -1;
  let ayLast = 0;
  let prevStart = -1;
  let prevEnd = -1;
  let prevHash = 0;
  let run = 0;
  let runStart = 0;
  let repeated = false;
  const word = (start: number, end: number, h: number, digits: boolean): void => {
    const len = end - start;
    if (cipher) {
      if (digits) cipher.lettersOf(start, end);
      else cipher.word(start, end, h);
    }
    if (gate) {
      const rules = gate.table.get(text, start, end, h);
      if (rules) for (const index of rules) gate.unlocked[index] = 1;
      if (marks) marks.word(text, start, end, h, rules !== undefined);
    }
    // Pig latin: most words of a phrase end in "ay" ("erewhay oesday ethay useryay").
    if (len >= 3) {
      counted++;
      if (
        len >= 4 &&
        text.charCodeAt(end - 2) === 97 &&
        text.charCodeAt(end - 1) === 121 &&
        pigLatinEnding(text.slice(start, end))
      ) {
        ay++;
        if (ayFirst < 0) ayFirst = start;
        ayLast = end;
      }
    }
    // Repeated token: consecutive equal words separated by whitespace only ("cake cake cake").
    if (!repeated) {
      if (
        h === prevHash &&
        len === prevEnd - prevStart &&
        sameUnits(text, prevStart, start, len) &&
        WHITESPACE_ONLY.test(text.slice(prevEnd, start))
      ) {
        run++;
        if (run === REPEAT_RUN && !isDatumToken(text, start, end)) {
          repeated = true;
          findings.push({
            type: 'attack_pattern',
            detector: 'injection.structure:repeated_token',
            score: 0.8,
            ...mapSpan(view, runStart, end),
          });
        }
      } else {
        run = 1;
        runStart = start;
      }
      prevStart = start;
      prevEnd = end;
      prevHash = h;
    }
  };
  // Words are found and hashed by char code: no substring per word. With a similarity collector (ASCII
  // views only), the same walk also yields the similarity layer's tokens: maximal runs of [a-z0-9'] (an
  // apostrophe joins "don't" into one token but separates two words here), hashed without apostrophes.
  const n = text.length;
  let i = 0;
  while (i < n) {
    let c = text.charCodeAt(i);
    if (!isWordUnit(c) && !(sim !== undefined && c === 39)) {
      i++;
      continue;
    }
    const tokenStart = i;
    let key = HASH_SEED;
    let keyLen = 0;
    for (;;) {
      if (isWordUnit(c)) {
        const start = i;
        let h = HASH_SEED;
        let digits = false;
        do {
          h = hashStep(h, c);
          if (c < 97) digits = true;
          c = text.charCodeAt(++i);
        } while (isWordUnit(c));
        if (sim !== undefined) {
          // The token's key hashes its words' units in order (FNV-1a runs left to right): for the first
          // word it is the word's own hash; a word after an apostrophe continues it (rare, so re-read).
          if (keyLen === 0) key = h;
          else for (let k = start; k < i; k++) key = hashStep(key, text.charCodeAt(k));
          keyLen += i - start;
        }
        word(start, i, h, digits);
      } else if (sim !== undefined && c === 39) c = text.charCodeAt(++i);
      else break;
      if (sim === undefined) break;
    }
    if (sim !== undefined) sim.add(text, tokenStart, i, key, keyLen);
  }
  wordGameFinding(view, findings, counted, ay, ayFirst, ayLast);
  dialogueFinding(view, findings);
}

/**
 * English words of four letters or more that end in "ay": days, ways and everyday verbs and nouns. A list
 * of weekdays or plans ("Monday, Tuesday or Wednesday", "today and Thursday") is no word game. (Pig latin
 * moves a word's first consonants to its end: "oesday" is "does", "orldway" is "world"; a compound with
 * "day" or "way" cannot be told from one by its ending alone, so the words are listed.)
 */
const EVERYDAY_AY: ReadonlySet<string> = new Set(
  (
    'today yesterday monday tuesday wednesday thursday friday saturday sunday weekday workday payday holiday ' +
    'birthday someday everyday midday doomsday heyday mayday noonday halfway away anyway always highway railway ' +
    'subway gateway pathway doorway hallway runway airway driveway stairway walkway freeway causeway motorway ' +
    'waterway expressway okay play stay display delay essay replay relay array xray pray spray tray sway decay ' +
    'betray portray dismay assay inlay outlay overlay underlay mislay astray foray disarray screenplay gameplay ' +
    'roleplay horseplay cosplay fairway castaway getaway giveaway takeaway hideaway layaway runaway stowaway ' +
    'breakaway throwaway nowadays clay gray bray fray slay stray splay'
  ).split(' '),
);

/** Whether a word of the view ends in "ay" as pig latin's words do: four letters or more, and no everyday English word. */
export function pigLatinEnding(word: string): boolean {
  return word.length >= 4 && word.endsWith('ay') && !EVERYDAY_AY.has(word);
}

/** Pig latin: of `counted` words of three letters or more, `ay` (the first at ayFirst, the last ending at ayLast) end in "ay". */
export function wordGameFinding(
  view: NormalizedText,
  findings: TextMatch[],
  counted: number,
  ay: number,
  ayFirst: number,
  ayLast: number,
): void {
  if (counted >= 3 && ay >= 3 && ay / counted >= 0.6) {
    findings.push({
      type: 'encoded_payload',
      detector: 'injection.obfuscation:word_game',
      score: 0.85,
      ...mapSpan(view, ayFirst, ayLast),
    });
  }
}

/** Fabricated dialogue: alternating question/answer or user/assistant labels, at least Q, A, Q. */
export function dialogueFinding(view: NormalizedText, findings: TextMatch[]): void {
  const text = view.text;
  if (text.includes(':')) {
    let turns = 0;
    let prevRole = '';
    let start = -1;
    let end = 0;
    const turn = (m: RegExpExecArray): void => {
      const role = m[1] === 'q' || m[1] === 'question' || m[1] === 'user' || m[1] === 'human' ? 'asker' : 'answerer';
      if (role !== prevRole) {
        turns++;
        prevRole = role;
        if (start < 0) start = m.index;
        end = m.index + m[0].length;
      }
    };
    const starts = text.length >= LONG_TEXT ? turnStarts(text) : undefined;
    // Dense starts (a degenerate text, "q:" over and over) are left to the global scan.
    if (starts !== undefined && starts.length <= text.length >> 3) {
      // A long text: TURN is tried (sticky) only where a match can start, in order, skipping those inside
      // the previous match; the global scan would fail everywhere else (see turnStarts).
      let from = 0;
      for (const at of starts) {
        if (at < from) continue;
        TURN_AT.lastIndex = at;
        const m = TURN_AT.exec(text);
        if (m === null) continue;
        from = at + m[0].length;
        turn(m);
      }
    } else {
      TURN.lastIndex = 0;
      for (let m = TURN.exec(text); m !== null; m = TURN.exec(text)) turn(m);
    }
    if (turns >= 3) {
      findings.push({
        type: 'fake_boundary',
        detector: 'injection.structure:fabricated_dialogue',
        score: framedAsTranscript(text, start) ? FRAMED_DIALOGUE_SCORE : turns >= 5 ? 0.9 : 0.78,
        ...mapSpan(view, start, end),
      });
    }
  }
}

/**
 * Whether the dialogue whose first turn label is at `firstTurn` of the view is framed as a transcript:
 * TRANSCRIPT_FRAME in the FRAME_REACH units before it.
 */
export function framedAsTranscript(text: string, firstTurn: number): boolean {
  return TRANSCRIPT_FRAME.test(text.slice(Math.max(0, firstTurn - FRAME_REACH), firstTurn));
}

/** Where the first turn label of the view is (a TURN match), or -1. */
export function firstTurnOf(text: string): number {
  TURN.lastIndex = 0;
  const m = TURN.exec(text);
  return m === null ? -1 : m.index;
}

/**
 * Every position where TURN can match, in increasing order: a match ends with a ':' that follows
 * whitespace, which follows a role word, which starts the text or follows the unit the match starts with.
 * So from each ':' the whitespace before it is walked back (the role word, made of letters, ends where it
 * begins) and each role word that ends there gives a start: the unit before it, or 0 when it starts the text.
 */
function turnStarts(text: string): number[] {
  const out: number[] = [];
  for (let colon = text.indexOf(':'); colon >= 0; colon = text.indexOf(':', colon + 1)) {
    let wordEnd = colon;
    while (wordEnd > 0 && isWhitespace(text.charCodeAt(wordEnd - 1))) wordEnd--;
    if (wordEnd === 0) continue;
    // The role words that end with this letter, longest first: their starts come out in increasing order.
    const last = text.charCodeAt(wordEnd - 1);
    const roles = last < 128 ? ROLES_BY_LAST[last] : undefined;
    if (roles === undefined) continue;
    for (const role of roles) {
      const wordStart = wordEnd - role.length;
      if (wordStart < 0 || !text.startsWith(role, wordStart)) continue;
      const at = wordStart > 0 ? wordStart - 1 : 0;
      if (out.length === 0 || out[out.length - 1]! < at) out.push(at);
    }
  }
  return out;
}
/** The role words by their last letter (by code: they are ASCII), longest first. */
const ROLES_BY_LAST: (string[] | undefined)[] = new Array<string[] | undefined>(128).fill(undefined);
for (const role of [...TURN_ROLES].sort((x, y) => y.length - x.length)) {
  const last = role.charCodeAt(role.length - 1);
  ROLES_BY_LAST[last] = [...(ROLES_BY_LAST[last] ?? []), role];
}
/** A unit \\s matches (a space or a line feed without the regex). */
function isWhitespace(c: number): boolean {
  // \s among ASCII units is the space and \t \n \v \f \r; the regex is asked only about the others.
  if (c < 128) return c === 32 || (c >= 9 && c <= 13);
  return WHITESPACE_UNIT.test(String.fromCharCode(c));
}
const WHITESPACE_UNIT = /^\s$/;

/** What may separate the words of a repeated-token run. */
export const WHITESPACE_ONLY = /^\s+$/;

/** [a-z0-9] */
function isWordUnit(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 48 && c <= 57);
}

/** True when the `len` units at a and at b are equal. */
function sameUnits(text: string, a: number, b: number, len: number): boolean {
  for (let k = 0; k < len; k++) if (text.charCodeAt(a + k) !== text.charCodeAt(b + k)) return false;
  return true;
}
