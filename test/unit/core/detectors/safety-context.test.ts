import { describe, expect, it } from 'vitest';
import { EVIDENCE_WINDOW, prepareSafetyClassifier, safetyContextFactor, safetyCueCounts } from '../../../../src/core/detectors/safety.js';
import { CONTEXT_REGISTERS, SAFETY_INTENT_CUES, SAFETY_SLURS, negatedBefore } from '../../../../src/core/detectors/safety-context.js';
import { SAFETY_LEXICON } from '../../../../src/core/detectors/safety-lexicon.js';

const ALL = ['violence', 'hate_speech', 'self_harm', 'sexual_content', 'harassment'];
const classifier = prepareSafetyClassifier({ categories: ALL, threshold: 'medium', blockIf: [], blockedTopics: [] });
const score = (text: string, category: string): number => classifier.scan(text).scores[category]!;
const blocked = (text: string, category: string): boolean => classifier.scan(text).findings.some((f) => f.type === category);

// Pairs: the same harm words, with and without the register's vocabulary (texts written for this test).
describe('safety context: the register a text is written in lowers its topic words', () => {
  it('a recovery story about self-harm is not blocked; the same words without it are', () => {
    const words = 'I self-harmed for years and felt hopeless about my life.';
    expect(blocked(`${words} Nothing I tried has helped, I just hide it.`, 'self_harm')).toBe(true);
    expect(blocked(`${words} My therapist and a support group helped me, and I'm in recovery now.`, 'self_harm')).toBe(false);
  });

  it('help that is absent is no recovery: negated markers do not count', () => {
    const text = 'I self-harmed for years and felt hopeless about my life. No therapy has worked and I will never get better.';
    expect(safetyCueCounts(text).has('context:self_harm')).toBe(false);
    expect(blocked(text, 'self_harm')).toBe(true);
  });

  it('a stated wish to die counts in full in a recovery register', () => {
    const text = "I want to kill myself and I feel hopeless. My therapist talks about recovery but I don't believe it.";
    expect(safetyCueCounts(text).get('context:self_harm')).toBe(0.4);
    expect(blocked(text, 'self_harm')).toBe(true);
  });

  it('self-harm said in the first person counts in full in a recovery register', () => {
    const text = "I've been to therapy and treatment and I'm still cutting myself every night.";
    expect(safetyCueCounts(text).get('context:self_harm')).toBe(0.4);
    expect(blocked(text, 'self_harm')).toBe(true);
    for (const cue of SAFETY_INTENT_CUES) expect(Object.keys(SAFETY_LEXICON.self_harm)).toContain(cue);
  });

  it('a news report of an attack is not blocked; the same words told plainly are', () => {
    expect(blocked('A man walked in after a brutal attack with a hammer in which a woman was killed.', 'violence')).toBe(true);
    expect(blocked('Police said a man was arrested after a brutal attack with a hammer in which a woman was killed.', 'violence')).toBe(false);
  });

  it('a threat counts in full whatever the register', () => {
    const text = 'I will kill you, the police said, according to the court papers.';
    expect(safetyCueCounts(text).has('context:violence')).toBe(true);
    expect(blocked(text, 'violence')).toBe(true);
  });

  it('a slur counts in full in a report; a group named in a report counts less', () => {
    const text = 'Police said the man called his neighbours subhuman, the court heard.';
    expect(safetyCueCounts(text).has('context:hate_speech')).toBe(true);
    expect(blocked(text, 'hate_speech')).toBe(true);
    for (const slur of SAFETY_SLURS) expect(Object.keys(SAFETY_LEXICON.hate_speech)).toContain(slur);
  });

  it('violence in a film or a story counts less', () => {
    expect(blocked('It opens with a massacre, and next the man stabs and murders everyone who knew him.', 'violence')).toBe(true);
    expect(blocked('The film opens with a massacre, and in the next scene the villain stabs and murders every character who knew him.', 'violence')).toBe(false);
  });

  it('sexual words in a legal or health text count less', () => {
    expect(blocked('We had sex and afterwards he touched her vagina again.', 'sexual_content')).toBe(true);
    expect(blocked('In health education, the law defines consent: sex without it is a crime, and a doctor may examine the vagina afterwards.', 'sexual_content')).toBe(false);
  });

  it('help after a sexual assault counts its sexual words less (recovery register)', () => {
    const told = 'He pushed me down, forced sex on me and grabbed my breasts and my vagina.';
    expect(blocked(told, 'sexual_content')).toBe(true);
    const helped = `${told} My counselor says the trauma takes time, and therapy has helped me.`;
    expect(safetyCueCounts(helped).get('context:sexual_content')).toBe(0.4);
    expect(blocked(helped, 'sexual_content')).toBe(false);
  });

  it('blood and injury in a medical text count less (clinical register)', () => {
    const words = 'Every month she would bleed for days, blood on everything, a bloodbath.';
    expect(blocked(words, 'violence')).toBe(true);
    const medical = `${words} The nurse at the hospital found the cause.`;
    expect(safetyCueCounts(medical).get('context:violence')).toBe(0.5);
    expect(blocked(medical, 'violence')).toBe(false);
  });

  it('a film described by its genre and cast is fiction', () => {
    const words = 'Gunfights, beatings, rapes and gore: a violent kung-fu revenge tale.';
    expect(blocked(words, 'violence')).toBe(true);
    expect(blocked('Gunfights, beatings, rapes and gore: a violent kung-fu revenge flick starring two brothers.', 'violence')).toBe(false);
  });

  it('a slur mentioned, not used, is no evidence; a slur used still is', () => {
    expect(safetyCueCounts('My brother told retard jokes all night and I laughed.').has('retard.')).toBe(false);
    expect(safetyCueCounts('He used the word "faggot" in the meeting.').has('faggot')).toBe(false);
    expect(safetyCueCounts('He called me a retard in front of everyone.').has('retard.')).toBe(true);
    expect(score('Stop the retard jokes, nobody laughs at them.', 'hate_speech')).toBe(0);
    expect(blocked('You are a faggot and everyone knows it.', 'hate_speech')).toBe(true);
    // Long texts, scored by window, follow the same rule.
    const filler = ' The committee met on Tuesday to review the budget and the minutes.'.repeat(40);
    expect(score(`Stop the retard jokes, nobody laughs at them.${filler}`, 'hate_speech')).toBe(0);
    expect(blocked(`You are a faggot and everyone knows it.${filler}`, 'hate_speech')).toBe(true);
  });

  it('one marker is not a register', () => {
    const text = 'Police found a man after a brutal attack with a hammer in which a woman was killed.';
    expect(safetyCueCounts(text).has('context:violence')).toBe(false);
    expect(blocked(text, 'violence')).toBe(true);
  });

  it('applies to texts scored by window too (the register is the whole text)', () => {
    const filler = 'The committee met on Tuesday to review the budget, the schedule and the minutes of the last meeting. '.repeat(30);
    const report = `Police said a man was arrested after a brutal attack with a hammer in which a woman was killed. ${filler}`;
    const plain = `A man walked in after a brutal attack with a hammer in which a woman was killed. ${filler}`;
    expect(report.length).toBeGreaterThan(EVIDENCE_WINDOW);
    expect(blocked(plain, 'violence')).toBe(true);
    expect(blocked(report, 'violence')).toBe(false);
    // The same factor as a short text.
    expect(score(report, 'violence')).toBe(score('Police said a man was arrested after a brutal attack with a hammer in which a woman was killed.', 'violence'));
  });

  it('gives the fitting script the factor of topical evidence only', () => {
    const counts = safetyCueCounts('I want to kill myself and I feel hopeless. My therapist talks about recovery but I still hope.');
    expect(safetyContextFactor(counts, 'self_harm', 'hopeless')).toBe(0.4);
    expect(safetyContextFactor(counts, 'self_harm', 'kill myself')).toBe(1);
    expect(safetyContextFactor(counts, 'violence', 'template:threat')).toBe(1);
  });

  it('reads negation in the two words before a marker, apostrophes or not', () => {
    const at = (text: string, marker: string): boolean => negatedBefore(text, text.indexOf(marker));
    expect(at("i didn't get help", 'get help')).toBe(true);
    expect(at('no real therapy', 'therapy')).toBe(true);
    expect(at('i will never get better', 'get better')).toBe(true);
    expect(at('never again will i get better', 'get better')).toBe(false);
    expect(at('my therapy', 'therapy')).toBe(false);
    expect(at(`${'x'.repeat(40)} therapy`, 'therapy')).toBe(false);
  });

  it('stays linear on a megabyte dense with markers, negations and cues; a threat in it still counts in full', () => {
    const unit = "no therapy, didn't get help, never get better. police said the film scene, consent law. suicide attack killed. i will kill you. ";
    const big = unit.repeat(Math.ceil((1 << 20) / unit.length));
    const t0 = performance.now();
    const r = classifier.scan(big);
    expect(performance.now() - t0).toBeLessThan(5_000);
    expect(r.scores.violence).toBeGreaterThanOrEqual(0.5);
    expect(r.findings.filter((f) => f.type === 'violence').length).toBeLessThanOrEqual(20);
  });

  it('registers are well formed: lower-case markers, factors between 0 and 1', () => {
    const cueTerms = new Set(Object.values(SAFETY_LEXICON).flatMap((terms) => Object.keys(terms).map((t) => t.toLowerCase())));
    const markers = CONTEXT_REGISTERS.flatMap((r) => r.markers);
    // A marker is one register's, and never a cue term (a term is evidence or context, not both).
    expect(new Set(markers).size).toBe(markers.length);
    for (const m of markers) expect(cueTerms.has(m)).toBe(false);
    for (const r of CONTEXT_REGISTERS) {
      for (const m of r.markers) expect(m).toBe(m.toLowerCase());
      expect(r.factor).toBeGreaterThan(0);
      expect(r.factor).toBeLessThan(1);
    }
  });
});

describe('safety templates: a report of an act is not a call for one', () => {
  it('a template does not run across a word that joins two clauses', () => {
    expect(safetyCueCounts('Homelessness should be addressed but he still killed someone.').has('template:death_wish')).toBe(false);
    expect(safetyCueCounts('Those people should be killed.').has('template:death_wish')).toBe(true);
    expect(safetyCueCounts('They should all be rounded up and executed.').has('template:death_wish')).toBe(true);
  });

  it('an attempt told in the past is not volitional framing', () => {
    expect(safetyCueCounts('He tried to kill her.').has('template:intent_target')).toBe(false);
    expect(safetyCueCounts('He wants to kill her.').has('template:intent_target')).toBe(true);
  });
});
