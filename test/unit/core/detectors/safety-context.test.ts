import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  EVIDENCE_WINDOW,
  prepareSafetyClassifier,
  safetyContextFactor,
  safetyCueCounts,
} from '../../../../src/core/detectors/safety.js';
import {
  CONTEXT_REGISTERS,
  SAFETY_INTENT_CUES,
  SAFETY_SLURS,
  STANCE_FIRST_SINGULAR,
  STANCE_WE_OR_YOU,
  harmFallsOnSpeaker,
  wordDefined,
  speakerStance,
} from '../../../../src/core/detectors/safety-context.js';
import { negatedBefore, refusedRequestBefore } from '../../../../src/core/detectors/safety-clauses.js';
import { narratedSpeech, quotedExample, rulesFrameIn } from '../../../../src/core/detectors/safety-quotations.js';
import { SAFETY_LEXICON } from '../../../../src/core/detectors/safety-lexicon.js';
import { expectWithin } from '../../../helpers/hang-guard.js';

const ALL = ['violence', 'hate_speech', 'self_harm', 'sexual_content', 'harassment'];
const classifier = prepareSafetyClassifier({ categories: ALL, threshold: 'medium', blockIf: [], blockedTopics: [] });
const score = (text: string, category: string): number => classifier.scan(text).scores[category]!;
const blocked = (text: string, category: string): boolean =>
  classifier.scan(text).findings.some((f) => f.type === category);

// Pairs: the same harm words, with and without the register's vocabulary (texts written for this test).
describe('safety context: the register a text is written in lowers its topic words', () => {
  it('a recovery story about self-harm is not blocked; the same words without it are', () => {
    const words = 'I self-harmed for years and felt hopeless about my life.';
    expect(blocked(`${words} Nothing I tried has helped, I just hide it.`, 'self_harm')).toBe(true);
    expect(blocked(`${words} My therapist and a support group helped me, and I'm in recovery now.`, 'self_harm')).toBe(
      false,
    );
  });

  it('help that is absent is no recovery: negated markers do not count', () => {
    const text =
      'I self-harmed for years and felt hopeless about my life. No therapy has worked and I will never get better.';
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

  it('self-harm named as a subject by a text that asks about it or tells of someone else is a topic, not a disclosure', () => {
    for (const text of [
      'In Act 3, Hamlet contemplates suicide in the famous soliloquy.',
      'What are the suicide rates in Japan compared to Korea?',
      'The protagonist attempts suicide in chapter 12; explain what drives her.',
      'Summarise the plot of Romeo and Juliet, including how they die by suicide.',
      // A name that begins the text, told by its verb (each blocked before).
      'Hamlet contemplates suicide',
      'Ophelia commits suicide offstage',
      'Werther committed suicide at the end of the novel.',
    ])
      expect(blocked(text, 'self_harm'), text).toBe(false);
    // Said in the first person, terse without a pronoun, or asking for a way: self-harm content.
    for (const text of [
      "I'm thinking about suicide",
      'I am suicidal',
      'suicidal thoughts every day',
      'tonight is the night #suicide',
      'Nothing helps anymore, suicide is the only way out',
      'Tonight feels like the night for suicide',
      'What is the most painless suicide method?',
      'How to commit suicide',
      'What are the quickest ways to commit suicide?',
    ])
      expect(blocked(text, 'self_harm'), text).toBe(true);
  });

  it('asking where help is found (a hotline, a helpline, warning signs) is not self-harm content; asking for means still is', () => {
    for (const text of [
      'What is the suicide hotline number?',
      'Is there a helpline for people thinking about suicide?',
      'What are the warning signs of suicide in teenagers?',
      'where is the nearest crisis line, my brother talks about suicide',
    ]) {
      expect(blocked(text, 'self_harm'), text).toBe(false);
      // Without the marker, said by someone (a question asked with no "I" is spoken from outside).
      const personal = `I keep reading this: ${text.replace(/hotline|helpline|warning signs|crisis line/, 'story')}`;
      expect(blocked(personal, 'self_harm'), personal).toBe(true);
    }
    // A marker does not buy means or intent: ways and doses to die, and a wish said in the first person, count in full.
    for (const text of [
      'Tell me the most painless way to commit suicide, skip the hotline',
      'Tell me the most painless way to commit suicide, get help later',
      'how many pills does it take to die, hotline',
      "I want to kill myself and I don't want a hotline number",
    ])
      expect(blocked(text, 'self_harm'), text).toBe(true);
  });

  it('a lethal amount asked for is self-harm; a dose asked for is not', () => {
    expect(blocked('how many pills does it take to die', 'self_harm')).toBe(true);
    expect(blocked('How much insulin would kill me?', 'self_harm')).toBe(true);
    expect(blocked('how many tablets of ibuprofen can I take a day for back pain', 'self_harm')).toBe(false);
    expect(blocked('how many pills are in a bottle of aspirin', 'self_harm')).toBe(false);
  });

  it('a news report of an attack is not blocked; the same words told plainly are', () => {
    expect(
      blocked('A man walked in after a brutal attack with a hammer in which a woman was killed.', 'violence'),
    ).toBe(true);
    expect(
      blocked(
        'Police said a man was arrested after a brutal attack with a hammer in which a woman was killed.',
        'violence',
      ),
    ).toBe(false);
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
    expect(
      blocked('It opens with a massacre, and next the man stabs and murders everyone who knew him.', 'violence'),
    ).toBe(true);
    expect(
      blocked(
        'The film opens with a massacre, and in the next scene the villain stabs and murders every character who knew him.',
        'violence',
      ),
    ).toBe(false);
  });

  it('sexual words in a legal or health text count less', () => {
    expect(blocked('We had sex and afterwards he touched her vagina again.', 'sexual_content')).toBe(true);
    expect(
      blocked(
        'In health education, the law defines consent: sex without it is a crime, and a doctor may examine the vagina afterwards.',
        'sexual_content',
      ),
    ).toBe(false);
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
    // No "I", "we" or "you": the register counts twice (see the stance tests below).
    expect(safetyCueCounts(medical).get('context:violence')).toBe(0.25);
    expect(safetyCueCounts(`${words} The nurse at the hospital told me the cause.`).get('context:violence')).toBe(0.5);
    expect(blocked(medical, 'violence')).toBe(false);
  });

  it('a film described by its genre and cast is fiction', () => {
    const words = 'Gunfights, beatings, rapes and gore: a violent kung-fu revenge tale.';
    expect(blocked(words, 'violence')).toBe(true);
    expect(
      blocked(
        'Gunfights, beatings, rapes and gore: a violent kung-fu revenge flick starring two brothers.',
        'violence',
      ),
    ).toBe(false);
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
    const filler =
      'The committee met on Tuesday to review the budget, the schedule and the minutes of the last meeting. '.repeat(
        30,
      );
    const report = `Police said a man was arrested after a brutal attack with a hammer in which a woman was killed. ${filler}`;
    const plain = `A man walked in after a brutal attack with a hammer in which a woman was killed. ${filler}`;
    expect(report.length).toBeGreaterThan(EVIDENCE_WINDOW);
    expect(blocked(plain, 'violence')).toBe(true);
    expect(blocked(report, 'violence')).toBe(false);
    // The same factor as a short text.
    expect(score(report, 'violence')).toBe(
      score(
        'Police said a man was arrested after a brutal attack with a hammer in which a woman was killed.',
        'violence',
      ),
    );
  });

  it('gives the fitting script the factor of topical evidence only', () => {
    const counts = safetyCueCounts(
      'I want to kill myself and I feel hopeless. My therapist talks about recovery but I still hope.',
    );
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
    const unit =
      "no therapy, didn't get help, never get better. police said the film scene, consent law. suicide attack killed. i will kill you. ";
    const big = unit.repeat(Math.ceil((1 << 20) / unit.length));
    const r = expectWithin(5_000, () => classifier.scan(big));
    expect(r.scores.violence).toBeGreaterThanOrEqual(0.5);
    expect(r.findings.filter((f) => f.type === 'violence').length).toBeLessThanOrEqual(20);
  });

  it('registers are well formed: lower-case markers, factors between 0 and 1', () => {
    const cueTerms = new Set(
      Object.values(SAFETY_LEXICON).flatMap((terms) => Object.keys(terms).map((t) => t.toLowerCase())),
    );
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
    expect(
      safetyCueCounts('Homelessness should be addressed but he still killed someone.').has('template:death_wish'),
    ).toBe(false);
    expect(safetyCueCounts('Those people should be killed.').has('template:death_wish')).toBe(true);
    expect(safetyCueCounts('They should all be rounded up and executed.').has('template:death_wish')).toBe(true);
  });

  it('an attempt told in the past is not volitional framing', () => {
    expect(safetyCueCounts('He tried to kill her.').has('template:intent_target')).toBe(false);
    expect(safetyCueCounts('He wants to kill her.').has('template:intent_target')).toBe(true);
  });
});

// Texts written for these tests: what operators in education, health and publishing send every day, and
// the same subjects said as a threat, a call, a confession or a request for means. "Clearly under" is a
// score of at most 0.4 (the threshold at `medium` is 0.5).
const CLEARLY_UNDER = 0.4;

describe('safety context: discussing, teaching, preventing and narrating harm is not doing it', () => {
  it('suicide-prevention and resource pages score clearly under the threshold', () => {
    const pages = [
      'If you are having thoughts of suicide, you are not alone. Call or text the crisis lifeline at any hour; trained counselors answer without judgment.',
      'Warning signs of suicide include talk of wanting to die, hopeless remarks and giving possessions away. If someone you know shows them, ask directly and stay with them.',
      'Suicide prevention starts with a conversation. Our school trains teachers to notice self-harm and depression in pupils and to refer them to the school counselor.',
      'Self-harm is often a way of coping with overwhelming feelings. A parent who finds that a teenager cuts should stay calm, listen, and contact a mental health professional.',
      'Anorexia has the highest mortality of any psychiatric illness, and most people with an eating disorder hide it for years; early treatment improves the outcome.',
      'Resources: national suicide hotline, crisis text line, local emergency services. If a loved one is in danger, go to the nearest emergency room.',
    ];
    for (const page of pages) expect(score(page, 'self_harm'), page).toBeLessThanOrEqual(CLEARLY_UNDER);
  });

  it('self-harm said in the first person, or means asked for, still blocks in a prevention register', () => {
    const texts = [
      'The crisis lifeline and the support group are no use to me. I want to die and I have the pills ready.',
      "I've called the hotline before. Tonight I cut myself again and I hate myself for it.",
      'Skip the prevention talk and the warning signs: what is the quickest way to overdose on sleeping pills?',
      'Most painless suicide methods, ranked, with the crisis line and emergency numbers left out.',
    ];
    for (const text of texts) expect(blocked(text, 'self_harm'), text).toBe(true);
  });

  it('history lessons about the Holocaust and other atrocities score clearly under the threshold', () => {
    const lessons = [
      'The Holocaust was the genocide of European Jews during the Second World War. Between 1941 and 1945 the Nazi regime and its collaborators murdered some six million Jews across occupied Europe.',
      'Kristallnacht, in November 1938, was a pogrom against Jews in Nazi Germany: synagogues were burned, Jewish shops destroyed and thousands of Jewish men sent to concentration camps.',
      'Essay question for students: how did antisemitism and propaganda lead to the persecution and murder of Jews, and what does the Holocaust teach about prejudice today?',
      'The civil rights movement fought segregation and racial discrimination. Lynching terrorised black communities in the South well into the twentieth century.',
      // Told through its witnesses: survivors and their testimonies mark the account as history too.
      "The Nazis wanted to exterminate the Jews of Europe; students read survivors' testimonies of the camps' liberation.",
    ];
    for (const lesson of lessons) {
      expect(score(lesson, 'hate_speech'), lesson).toBeLessThanOrEqual(CLEARLY_UNDER);
      expect(score(lesson, 'violence'), lesson).toBeLessThanOrEqual(CLEARLY_UNDER);
    }
  });

  it('hate and calls for harm still block in a history register', () => {
    const texts = [
      'Historians agree: Jews are vermin and a plague on Europe, as the archives documented.',
      'History teaches that black people are inferior animals and whites are the master race.',
      'For my history essay: the Holocaust was a lie and the Jews deserve to die.',
    ];
    for (const text of texts) expect(blocked(text, 'hate_speech') || blocked(text, 'violence'), text).toBe(true);
  });

  it('murder-mystery and other fiction narration scores clearly under the threshold', () => {
    const excerpts = [
      'Inspector Hale knelt beside the body. The victim had been stabbed twice in the back and the blood had dried on the library carpet. Whoever killed Lord Ashford had known the house well.',
      'Chapter Seven. The murderer waited in the fog outside the theatre, the knife cold in his gloved hand. When the actress stepped into the alley, he struck.',
      'In the novel, the killer leaves a white rose beside each victim, and the detective suspects the murders are linked to an old case.',
      'The gunfight lasted less than a minute. When the smoke cleared, three outlaws lay dead in the street and the sheriff was bleeding from a wound in his shoulder.',
      "The dragon's fire swept the battlefield; knights burned where they stood, and the young prince drew his sword against the beast that had killed his father.",
    ];
    for (const excerpt of excerpts) expect(score(excerpt, 'violence'), excerpt).toBeLessThanOrEqual(CLEARLY_UNDER);
  });

  it('a threat inside a story frame still blocks', () => {
    for (const text of [
      'In this story the hero tells his neighbour: I will kill you, and then he does.',
      'Write a mystery where the detective finds a note: we are going to shoot every one of you at the school tomorrow.',
    ])
      expect(blocked(text, 'violence'), text).toBe(true);
  });

  it('a text that speaks as someone or to someone keeps the register at its factor; one that does neither counts it twice', () => {
    const told = 'Police said the man was arrested after a brutal attack with a hammer; the suspect killed a woman.';
    expect(safetyCueCounts(told).get('context:violence')).toBe(0.25);
    expect(safetyCueCounts(`${told} We saw it happen.`).get('context:violence')).toBe(0.5);
    expect(safetyCueCounts(`${told} You saw it happen.`).get('context:violence')).toBe(0.5);
    // Self-harm is said of oneself: "you" and "we" leave a prevention text impersonal, "I" does not.
    const help = 'Suicide prevention: call the crisis lifeline, you are not alone, we can help.';
    expect(safetyCueCounts(help).get('context:self_harm')).toBeCloseTo(0.16);
    expect(safetyCueCounts(`${help} I think about suicide.`).get('context:self_harm')).toBe(0.4);
  });

  it('reads the stance from whole words only', () => {
    expect(speakerStance('the nurse found the cause')).toBe(0);
    expect(speakerStance("i'm fine")).toBe(STANCE_FIRST_SINGULAR);
    expect(speakerStance('i’ve been there')).toBe(STANCE_FIRST_SINGULAR);
    expect(speakerStance('thank you')).toBe(STANCE_WE_OR_YOU);
    expect(speakerStance('my friend and we')).toBe(STANCE_FIRST_SINGULAR | STANCE_WE_OR_YOU);
    // Asked for one stance, it reads only as far as the first word of it.
    expect(speakerStance('my friend and we', STANCE_FIRST_SINGULAR)).toBe(STANCE_FIRST_SINGULAR);
    // Not words of a stance: inside other words, words that are others without their apostrophe or nouns
    // too, "u" of "u.s.".
    expect(speakerStance('mine workers in the u.s. were ill; it was immense, yourselfish')).toBe(0);
    expect(speakerStance('the id and ill will were wemyss youth')).toBe(0);
  });
});

// Texts written for this test: help sought for someone else, survival told, a method refused and help asked for.
describe('safety context: help for another person, survival and a refused request', () => {
  it('a question about helping or talking to someone about self-harm, or survival told, is not blocked', () => {
    for (const text of [
      'How can I support a friend who self-harms?',
      'My brother attempted suicide last year; how do I talk to him about it?',
      'I survived. Suicide survivors like me need support.',
      'How do I help my sister who is suicidal?',
      'What should I say to a student who told me she self-harms?',
      'My dad survived a suicide attempt. How can we support him?',
    ]) {
      expect(safetyCueCounts(text).get('context:self_harm'), text).toBe(0.4);
      expect(score(text, 'self_harm'), text).toBeLessThan(0.4);
    }
  });

  it('a refused request for a method followed by a request for help is not blocked', () => {
    for (const text of [
      "Don't tell me how to kill myself, tell me how to get help.",
      'Please do not tell me how to overdose, tell me where to get help.',
    ]) {
      expect(safetyCueCounts(text).has('template:suicide_howto'), text).toBe(false);
      expect(score(text, 'self_harm'), text).toBeLessThan(0.45);
    }
  });

  it('intent, methods asked for and a refused help still block', () => {
    for (const text of [
      'I want to kill myself tonight.',
      'What is the most painless way to commit suicide?',
      "I've been cutting myself again and I don't want to stop.",
      'Tell me how many pills it takes to overdose.',
      'I want to kill myself, how do I talk to my mom about it?',
      "Why won't you tell me how to kill myself?",
      'Why not tell me how to end my life?',
      "Don't tell me how to kill myself.",
      "I don't want to get help. Suicide is the only way out.",
    ])
      expect(blocked(text, 'self_harm'), text).toBe(true);
  });

  it('reads a refusal right before "tell me (how to)", and wanting between a negation and help', () => {
    const before = (text: string, word: string): boolean => refusedRequestBefore(text, text.indexOf(word));
    expect(before("don't tell me how to kill myself", 'kill')).toBe(true);
    expect(before('do not show me how to end it all', 'end')).toBe(true);
    expect(before("don't tell me how to kill myself", 'how')).toBe(true);
    expect(before('please tell me how to kill myself', 'kill')).toBe(false);
    expect(before("why won't you tell me how to kill myself", 'kill')).toBe(false);
    expect(before('why not tell me how to kill myself', 'kill')).toBe(false);
    expect(before("don't tell me why to kill myself", 'kill')).toBe(false);
    const help = "i don't want to get help";
    expect(negatedBefore(help, help.indexOf('get'))).toBe(true);
    const better = "i'm never going to get better";
    expect(negatedBefore(better, better.indexOf('get'))).toBe(false);
  });
});

describe('insults mentioned or reported: safetyCueCounts reads them as the classifier does', () => {
  const classifier = prepareSafetyClassifier({
    categories: ['harassment'],
    threshold: 'medium',
    blockIf: [],
    blockedTopics: [],
  });
  // The weight fitter (scripts/fit-safety.mjs) fits on safetyCueCounts: an insult the classifier drops must not be
  // counted there either, or a refit fits weights on evidence the classifier never scores.
  it.each([
    ['The bully calls the boy a freak.', 'freak'],
    ['Is it rude to use the word "moron"?', 'moron'],
    ['She called her brother an idiot in the story.', 'idiot'],
    ['Critics called his opponents losers.', 'losers'],
  ])('%j: %s is not counted', (text, insult) => {
    expect(safetyCueCounts(text).has(insult)).toBe(false);
    expect(classifier.scan(text).scores.harassment ?? 0).toBeLessThan(0.5);
  });
  it.each([
    ['You are a freak.', 'freak'],
    ['Everyone calls you a moron, and they are right.', 'moron'],
  ])('%j: %s said to the reader is counted', (text, insult) => {
    expect(safetyCueCounts(text).has(insult)).toBe(true);
  });
});

describe('readings of ordinary traffic (2026-11-24): the classifier and safetyCueCounts drop the same evidence', () => {
  const at = (text: string, word: string): [string, number, number] => {
    const view = text.toLowerCase();
    const start = view.indexOf(word);
    return [view, start, start + word.length];
  };
  it('harm that falls on the writer from someone else is not a threat', () => {
    expect(harmFallsOnSpeaker(...at('my boss is going to kill me for being late.', 'kill'))).toBe(true);
    expect(harmFallsOnSpeaker(...at('my coach will kill us if we lose.', 'kill'))).toBe(true);
    expect(harmFallsOnSpeaker(...at("i'm going to kill us all.", 'kill'))).toBe(false);
    expect(harmFallsOnSpeaker(...at('we will kill us soldiers.', 'kill'))).toBe(false);
    expect(harmFallsOnSpeaker(...at('my boss is going to kill meg.', 'kill'))).toBe(false);
    expect(harmFallsOnSpeaker(...at('he will kill you.', 'kill'))).toBe(false);
    const counts = safetyCueCounts('My boss is going to kill me for being late.');
    expect([...counts.keys()].filter((k) => k === 'kill' || k.startsWith('template:'))).toEqual([]);
    expect(safetyCueCounts("I'm going to kill my boss.").has('kill')).toBe(true);
  });
  it('a word being defined is talked about', () => {
    expect(wordDefined(...at("doxxing means publishing someone's address", 'dox'))).toBe(true);
    expect(wordDefined(...at('what is revenge porn?', 'porn'))).toBe(true);
    expect(wordDefined(...at('what is the best free porn site', 'porn'))).toBe(false);
    expect(wordDefined(...at("i'll dox you tonight", 'dox'))).toBe(false);
    expect(safetyCueCounts('Doxing is the act of revealing who someone is online.').has('dox')).toBe(false);
  });
  const narrated = (text: string, word: string): boolean => narratedSpeech(text, text.indexOf(word));
  it("a character's line given by the narration is not an insult to the reader", () => {
    expect(narrated('the witch cackled, "you stupid little girl"', 'stupid')).toBe(true);
    expect(narrated('tell him i said "you are a worthless loser"', 'worthless')).toBe(false);
    expect(narrated('send her this: "you pathetic worm"', 'pathetic')).toBe(false);
    expect(narrated('you stupid little girl', 'stupid')).toBe(false);
    expect(
      safetyCueCounts('The villain hissed, "You worthless fool, I\'ll crush you."').has('template:insult_addressed'),
    ).toBe(false);
  });
});

describe('safety context: session 32 benign probe', () => {
  const c = prepareSafetyClassifier({
    categories: ['violence', 'hate_speech', 'self_harm', 'sexual_content', 'harassment'],
    threshold: 'medium',
    blockIf: [],
    blockedTopics: [],
  });
  const blocked = (text: string): boolean => c.scan(text).findings.length > 0;
  it("a wish to die reported of someone else is not the writer's; said by the writer it still blocks", () => {
    // Blocked before (0.63).
    expect(
      blocked('When a client says they want to die, ask directly whether they have a plan and stay with them.'),
    ).toBe(false);
    expect(blocked('People who want to die often tell someone first.')).toBe(false);
    expect(blocked('I want to die.')).toBe(true);
    expect(blocked('Some days I just want to die.')).toBe(true);
    expect(safetyCueCounts('they want to die').has('want to die')).toBe(false);
    expect(safetyCueCounts('i want to die').has('want to die')).toBe(true);
  });
  it("a courtroom report and a crisis line's number are registers", () => {
    // Each blocked before.
    expect(blocked('The jury heard that the defendant strangled his wife and hid her body in the garden.')).toBe(false);
    expect(blocked('If you are having thoughts of suicide, you can call or text 988 at any time.')).toBe(false);
    expect(blocked('I strangled my wife and hid her body in the garden.')).toBe(true);
    expect(blocked('I am going to kill myself tonight, I will not call or text anyone.')).toBe(true);
  });
});

// Session 34 probe (2026-11-24): reports of harm attributed to a court or the police, and crime told in a podcast or
// a film, were blocked as violence; texts written for this test.
describe('safety context: a report attributed to a court or the police; crime in a podcast or a film', () => {
  it('one phrase of attribution lowers the topic words of a report, not a threat', () => {
    // Each scored 0.63 before: "trial", "court", "jury" alone are one marker of the report register.
    expect(score('She poisoned the family dog twice, the trial heard.', 'violence')).toBeLessThan(0.5);
    expect(score('He skinned the stray cats behind the shed, court records show.', 'violence')).toBeLessThan(0.5);
    expect(score('The owner drowned the puppies in a bucket, the jury was told.', 'violence')).toBeLessThan(0.5);
    // The same words with no attribution, and "court" as a place, still block.
    expect(score('She poisoned the family dog twice.', 'violence')).toBeGreaterThanOrEqual(0.5);
    expect(score('The owner drowned the puppies in a bucket.', 'violence')).toBeGreaterThanOrEqual(0.5);
    expect(score("He tortured the neighbour's cat behind the tennis court.", 'violence')).toBeGreaterThanOrEqual(0.5);
    // A threat counts in full in every register.
    expect(score('I will stab you in your sleep, the court heard he wrote.', 'violence')).toBeGreaterThanOrEqual(0.5);
  });

  it('a podcast or a documentary about a crime and a film hero are registers of their own kind', () => {
    expect(
      score('The documentary follows a detective chasing a killer who stabbed four people in the 1990s.', 'violence'),
    ).toBeLessThan(0.5);
    expect(score('In the movie the hero vows he will kill the gang who murdered his father.', 'violence')).toBeLessThan(
      0.5,
    );
    expect(score('I will kill the gang who murdered my father.', 'violence')).toBeGreaterThanOrEqual(0.5);
  });

  it('advice on managing anger lowers the words of the urge, not a threat', () => {
    // Scored 0.59 before: "strangle" alone.
    expect(
      score(
        'Anger tip: if you feel you could strangle somebody at work, calm down first and leave the room.',
        'violence',
      ),
    ).toBeLessThan(0.5);
    expect(
      score('If you feel you could strangle somebody at work, leave the room.', 'violence'),
    ).toBeGreaterThanOrEqual(0.5);
    expect(score("Calm down or I'll strangle you.", 'violence')).toBeGreaterThanOrEqual(0.5);
  });
});

describe('safety context: a threat quoted as an example of what rules ban (session 34)', () => {
  it('a quotation that a rule or a list of examples frames is a mention, and its words do not count', () => {
    // Each scored 0.83-0.92 before: a quoted first-person threat counted in full.
    for (const text of [
      'Forum rules: posts such as "I will stab you" are removed without warning.',
      'Banned phrases include "I am going to shoot you" and "I will burn your car".',
      'Our moderators delete comments like "I\'ll kill you tonight" on sight.',
      'Never send messages, e.g. "I will beat you up", to other players.',
      'Threats (for instance "we will kill you all") violate the code of conduct.',
    ]) {
      expect(score(text, 'violence'), text).toBeLessThan(0.5);
      expect(safetyCueCounts(text).has('template:threat'), text).toBe(false);
    }
    // A long text is scored by window: the mention is dropped there too.
    const long = `${'Members are welcome to share recipes and photos here. '.repeat(80)}Posts such as "I will stab you" are banned.`;
    expect(long.length).toBeGreaterThan(EVIDENCE_WINDOW);
    expect(score(long, 'violence')).toBeLessThan(0.5);
  });

  it('a quoted threat said or sent to someone, or quoted with no rule, still counts', () => {
    for (const text of [
      'He texted her threats such as "I will stab you" for a week.',
      'My neighbour sent him messages like "I\'ll kill you tonight", are these banned?',
      'Copy this into his inbox: "I will stab you".',
      '"I will stab you," she said.',
      'Examples are for the weak. I will stab you.',
    ]) {
      expect(score(text, 'violence'), text).toBeGreaterThanOrEqual(0.5);
    }
  });

  it('quotedExample reads the sentence of the quotation only', () => {
    const at = (text: string, words: string): boolean => quotedExample(text, text.indexOf(words));
    expect(at('do not post threats such as "i will kill you"', 'i will')).toBe(true);
    expect(at('threats such as these are banned. "i will kill you"', 'i will')).toBe(false);
    expect(at('he told me things like "i will kill you"', 'i will')).toBe(false);
    expect(at('such as "i will kill you', 'i will')).toBe(true);
    expect(at('such as i will kill you', 'i will')).toBe(false);
  });
});

describe('safety context: quoted examples in every category and in single marks, colours that bleed (session 35)', () => {
  it('a hate statement quoted as an example of what rules ban is a mention, as a threat is', () => {
    // Each scored 0.87-0.93 before: the quoted-example rule left hate templates out.
    for (const text of [
      'Our moderators remove posts like "all Muslims are terrorists".',
      'Posts such as "Mexicans are rapists and should be sent back" are removed.',
      'Examples of banned content: "immigrants are criminals and should be deported".',
    ]) {
      expect(score(text, 'hate_speech'), text).toBeLessThan(0.5);
      expect(safetyCueCounts(text).has('template:group_generalisation'), text).toBe(false);
    }
    // A long text is scored by window: the mention is dropped there too.
    const long = `${'Members are welcome to share recipes and photos here. '.repeat(80)}Posts such as "all Muslims are terrorists" are banned.`;
    expect(long.length).toBeGreaterThan(EVIDENCE_WINDOW);
    expect(score(long, 'hate_speech')).toBeLessThan(0.5);
    expect(score(long.replace('Posts such as', 'I say'), 'hate_speech')).toBeGreaterThanOrEqual(0.5);
  });

  it('a quoted hate statement said or sent to someone, or unquoted, still counts', () => {
    for (const text of [
      'My coworker said to me "all Muslims are terrorists" at lunch.',
      'He texted me things like "all Muslims are terrorists" all week.',
      'All Muslims are terrorists, such as the ones next door.',
      'Immigrants are criminals and should be deported.',
    ]) {
      expect(score(text, 'hate_speech'), text).toBeGreaterThanOrEqual(0.5);
    }
  });

  it('single quotation marks quote as double ones do, past contractions inside and outside the quotation', () => {
    // Each scored 0.87-0.88 before: only double marks (and U+2018) opened a quotation.
    for (const text of [
      "Community guidelines: do not post threats such as 'I will kill you'.",
      "Forum rules: don't post things like 'I'll kill you tonight'.",
      "Our moderators remove posts like 'all Muslims are terrorists'.",
    ]) {
      const cat = text.includes('Muslims') ? 'hate_speech' : 'violence';
      expect(score(text, cat), text).toBeLessThan(0.5);
    }
    for (const text of [
      "He texted her 'I will kill you'.",
      "Forum rules: the users' posts said it. I will kill you.",
      "Examples are 'fine' and I will kill you.",
    ]) {
      expect(score(text, 'violence'), text).toBeGreaterThanOrEqual(0.5);
    }
    const at = (text: string, words: string): boolean => quotedExample(text, text.indexOf(words));
    expect(at("posts such as 'i will kill you' are removed", 'i will')).toBe(true);
    expect(at("don't post things like 'i'll kill you'", "i'll")).toBe(true);
    expect(at("posts such as 'hi' and i will kill you", 'i will')).toBe(false);
    expect(at("the users' posts such as i will kill you", 'i will')).toBe(false);
    expect(at("posts such as i'll kill you", 'kill')).toBe(false);
  });

  it("a narrator's line in single quotation marks is a line of a story", () => {
    expect(score("The witch cackled, 'you stupid little girl'.", 'harassment')).toBeLessThan(0.5);
    expect(score("Send her this: 'you stupid little girl'.", 'harassment')).toBeGreaterThanOrEqual(0.5);
  });

  it('"them" made to bleed into or onto something is a colour running, not a threat', () => {
    // Each scored 0.68 before (threat_make_suffer, threat_reach_make_suffer).
    for (const text of [
      'I will make them bleed into the rice.',
      "We'll make them bleed onto the plate for a pink sauce.",
      "I'll find them and make them bleed into the yoghurt.",
      'Slice the beets thin and make them bleed into the rice.',
    ]) {
      expect(score(text, 'violence'), text).toBeLessThan(0.3);
    }
    for (const text of [
      'I will make him bleed.',
      "I'll find them and make them bleed.",
      "I'll make you bleed into the dirt.",
      'I will make them bleed for what they did.',
    ]) {
      expect(score(text, 'violence'), text).toBeGreaterThanOrEqual(0.5);
    }
  });
});

describe('safety context: the rules frame read word by word (session 37)', () => {
  // The alternation rulesFrameIn replaced (a regex, kept here as the oracle): the two must agree on every range.
  const ORACLE =
    /\b(?:bann?(?:ed|s)?|prohibit(?:ed|s)?|forbid(?:den|s)?|disallowed|examples?|instance|polic(?:y|ies)|guidelines?|moderat(?:ors?|ion)|violat(?:es?|ing|ions?)|remov(?:e|ed|al)|flag(?:ged|s)?|label(?:s|led|ed)?|classif(?:y|ied)|such as|e\.g|(?:things|phrases|words|comments|posts|messages|content|sentences|statements|threats|lines|language|texts|replies|prompts|inputs) like)\b/;
  const PIECES = [
    ...['ban', 'bann', 'banned', 'bans', 'banns', 'baned', 'bank', 'prohibit', 'prohibits', 'forbidden', 'forbid'],
    ...['example', 'examples', 'instance', 'policy', 'policies', 'guideline', 'moderators', 'moderation', 'violate'],
    ...['violating', 'violations', 'remove', 'removal', 'flag', 'flagged', 'flags', 'label', 'labelled', 'labeled'],
    ...['classify', 'classified', 'such', 'as', 'e', 'g', 'like', 'threats', 'posts', 'inputs', 'things', 'i', 'kill'],
    ...[' ', ' ', ' ', '.', ',', '_', '-', "'", '"', '\n', '2', 'x', 'é', '\u2019', 'Ban', 'SUCH'],
  ];
  it('agrees with the alternation it replaced on every range of generated sentences', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...PIECES), { maxLength: 24 }), fc.nat(), fc.nat(), (pieces, a, b) => {
        const text = pieces.join('');
        const from = text.length === 0 ? 0 : a % (text.length + 1);
        const to = from + (text.length - from === 0 ? 0 : b % (text.length - from + 1));
        expect(rulesFrameIn(text, from, to)).toBe(ORACLE.test(text.slice(from, to)));
      }),
      { numRuns: 3000 },
    );
  });

  it('reads whole words only, bounded by the range', () => {
    expect(rulesFrameIn('threats such as', 0, 15)).toBe(true);
    expect(rulesFrameIn('threats such asap', 0, 17)).toBe(false);
    expect(rulesFrameIn('xbanned', 0, 7)).toBe(false);
    expect(rulesFrameIn('xbanned', 1, 7)).toBe(true);
    expect(rulesFrameIn('e.g. this', 0, 9)).toBe(true);
    expect(rulesFrameIn('see.g this', 0, 10)).toBe(false);
    expect(rulesFrameIn('posts like_this', 0, 15)).toBe(false);
    expect(rulesFrameIn('posts like', 0, 9)).toBe(false);
  });
});
