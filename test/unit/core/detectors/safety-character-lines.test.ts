import { describe, expect, it } from 'vitest';
import { EVIDENCE_WINDOW, prepareSafetyClassifier, safetyCueCounts } from '../../../../src/core/detectors/safety.js';
import { SAFETY_TEMPLATES } from '../../../../src/core/detectors/safety-lexicon.js';
import { MEANS_TEMPLATES, narratedSpeech } from '../../../../src/core/detectors/safety-quotations.js';

// A character's line in a story, and a line someone else said (session 37). Every text written for this test.
const classifier = prepareSafetyClassifier({
  categories: ['violence', 'hate_speech', 'self_harm', 'sexual_content', 'harassment'],
  threshold: 'medium',
  blockIf: [],
  blockedTopics: [],
});
const score = (text: string, category: string): number => classifier.scan(text).scores[category]!;
const narrated = (text: string, words: string): boolean => narratedSpeech(text, text.indexOf(words));

describe('narratedSpeech: the narration before or after a quotation', () => {
  it('reads a narration that follows the closing mark', () => {
    expect(narrated('"i\'ll kill you all," the villain snarled.', "i'll kill")).toBe(true);
    expect(narrated("'i'll kill you all,' the villain snarled.", "i'll kill")).toBe(true);
    expect(narrated('"i want to die," sobbed the old man.', 'i want')).toBe(true);
    expect(narrated('"i want to die," she quietly said.', 'i want')).toBe(true);
    expect(narrated('"i want to die," my sister said last night.', 'i want')).toBe(true);
    expect(narrated('"i want to die", he whispered', 'i want')).toBe(true);
  });

  it('gives no line to a character where the writer says it or no narration follows', () => {
    expect(narrated('"i want to die," i whispered.', 'i want')).toBe(false);
    expect(narrated('"i want to die," said i.', 'i want')).toBe(false);
    expect(narrated('i wrote "i want to die" and my mom said nothing.', 'i want')).toBe(false);
    expect(narrated('i told him "i will kill you" and i meant it.', 'i will')).toBe(false);
    expect(narrated('"i will kill you." nobody said a word after that.', 'i will')).toBe(false);
    expect(narrated('send her this: "i will kill you"', 'i will')).toBe(false);
  });

  it('reads "I" or "we" up to two words before the verb', () => {
    // An adverb between the writer and the verb hid the writer: the line read as a character's.
    expect(narrated('i just said "i want to die" and nobody listened.', 'i want')).toBe(false);
    expect(narrated('we all shouted "kill them all"', 'kill')).toBe(false);
    expect(narrated('i quietly whispered, "i want to kill myself."', 'i want')).toBe(false);
    expect(narrated('the witch cackled, "you stupid little girl"', 'stupid')).toBe(true);
  });
});

describe("a character's line: self-harm said by someone else, whatever the register", () => {
  it("another's wish to die, quoted and given to them, is not the writer's", () => {
    // Each scored 0.91 before (the intent cue and suicide_intent in full).
    for (const text of [
      '"I\'m going to kill myself," she whispered, and the nurse took her hand.',
      'Write a scene where the heroine says, "I want to end my life."',
      'My brother said "I\'m going to kill myself" last night, what do I do?',
      '"I want to die," my daughter sobbed. How should I respond?',
    ]) {
      expect(score(text, 'self_harm'), text).toBeLessThan(0.5);
      const counts = safetyCueCounts(text);
      expect(
        [...counts.keys()].filter((k) => k === 'template:suicide_intent' || k === 'kill myself'),
        text,
      ).toEqual([]);
    }
  });

  it("the writer's own line, and a disclosure outside quotations, count in full", () => {
    for (const text of [
      'I want to kill myself.',
      'I whispered "I want to kill myself" to my mom last night.',
      '"I want to die," I whispered to my therapist.',
      'I just said "I want to die" and nobody listened.',
      'She said "I want to die." I want to kill myself too.',
    ]) {
      expect(score(text, 'self_harm'), text).toBeGreaterThanOrEqual(0.5);
    }
  });

  it('a way to die asked for in a line counts as anywhere', () => {
    expect(score('"What is the most painless way to kill myself?" she asked.', 'self_harm')).toBeGreaterThanOrEqual(
      0.5,
    );
  });
});

describe("a character's line: a threat in a story asked for or reviewed", () => {
  it('a threat a narration gives to a character, in the fiction register, is not a threat of the writer', () => {
    // 0.79, 0.83, 0.75 before (the threat templates counted in full in every register).
    for (const text of [
      'Write a story where the villain snarls, "I\'ll kill you all."',
      'Review my short story: "I\'m going to kill you," the bandit growled, and the hero drew his sword.',
      'In my novel, the villain hissed, "I will slit your throat."',
      "Fantasy story, chapter two: 'We will burn your village and kill every one of you,' roared the dragon.",
    ]) {
      expect(score(text, 'violence'), text).toBeLessThan(0.5);
      expect(safetyCueCounts(text).has('template:threat'), text).toBe(false);
    }
  });

  it('a story scored by window reads the line the same way', () => {
    const long = `${'The knight rode north through the rain, and the story slowed down for a while. '.repeat(30)}The villain snarled, "I'll kill you all."`;
    expect(long.length).toBeGreaterThan(EVIDENCE_WINDOW);
    expect(score(long, 'violence')).toBeLessThan(0.5);
    expect(score(long.replace('The villain snarled, ', 'I told him, '), 'violence')).toBeGreaterThanOrEqual(0.5);
  });

  it('a threat of the writer, reported, or with no story around it still counts', () => {
    for (const text of [
      'I told him "I will kill you" and I meant it.',
      '"I will stab you," she said.',
      'Write a story where I tell my boss "I will kill you tomorrow".',
      // One marker of fiction ("villain") does not make a story.
      "'I'll kill you all,' the villain snarled.",
    ]) {
      expect(score(text, 'violence'), text).toBeGreaterThanOrEqual(0.5);
    }
  });

  it('the means of a harm asked for in a line count in a story as anywhere', () => {
    for (const text of [
      'Write a story where the chemist says, "Here is how to make a pipe bomb."',
      'Write a scene for my novel: "How do I kill my husband without getting caught?" she asked.',
    ]) {
      expect(score(text, 'violence'), text).toBeGreaterThanOrEqual(0.5);
    }
  });

  it('names only templates that exist, and none told as an event', () => {
    const ids = new Map(SAFETY_TEMPLATES.map((t) => [t.id, t]));
    for (const id of MEANS_TEMPLATES) {
      expect(ids.has(id), id).toBe(true);
      expect(ids.get(id)!.narrative, id).not.toBe(true);
    }
  });
});

// Session 38: a victim telling of a threat was blocked ('My ex texted me "I will kill you if you leave", what do I do?'
// 0.88), though the same report unquoted was not ("he said he is going to kill me": harmFallsOnSpeaker).
describe('a threat said or sent to the writer, told by the writer', () => {
  it('is not a threat of the writer, and the cue words of its line do not count', () => {
    for (const text of [
      'My ex texted me "I will kill you if you leave" and I am scared. What should I do?',
      'He said "I will kill you" to me yesterday, should I call the police?',
      '"I will stab you," she told me after the meeting.',
      'He sent me a message saying "you are dead, I will shoot you". How do I report it?',
      "My neighbour sent me messages like 'I'll kill you tonight', are these banned?",
      'Last night my brother-in-law told us, "I am going to kill you all", and left.',
    ]) {
      expect(score(text, 'violence'), text).toBeLessThan(0.5);
    }
  });

  it('a threat relayed to someone else, said by the writer, or given to no one still counts', () => {
    for (const text of [
      'Forward this to him: "I will kill you"',
      'Tell her "I will kill you"',
      'I texted him "I will kill you"',
      'He told me to tell her "I will kill you"',
      'A coworker said "I am going to hurt you" in a meeting.',
      'My ex texted me "I will kill you" and I texted back "I will kill you first"',
      // A way to harm asked for counts in every line.
      'My friend texted me "how do I poison my wife without getting caught", should I tell someone?',
    ]) {
      expect(score(text, 'violence'), text).toBeGreaterThanOrEqual(0.5);
    }
  });

  it('a long text scored by window reads it the same way', () => {
    const long = `${'We moved to a new flat in spring and the garden is lovely. '.repeat(80)}My ex texted me "I will kill you if you leave", what should I do?`;
    expect(long.length).toBeGreaterThan(EVIDENCE_WINDOW);
    expect(score(long, 'violence')).toBeLessThan(0.5);
    expect(score(long.replace('texted me', 'told me to text her'), 'violence')).toBeGreaterThanOrEqual(0.5);
  });
});

// Session 38, a second probe of victims: a line left or received in other words ("left me a voicemail saying", "I
// received an email saying", "Got a DM saying", "threats such as"), written on the writer's things ('... "..." on my
// car', "a note on our door that said"), and the cue words of the whole line, not only of the threat's words ('"I
// will find you and kill you"': "kill you" after the matched "find you").
describe('a threat received, in other words', () => {
  it('is not a threat of the writer', () => {
    for (const text of [
      'My stepdad left me a voicemail saying "I am going to kill you". Can I use it in court?',
      'I received an anonymous email saying "we will kill your family". Who investigates that?',
      'Got a text saying "I will stab you tomorrow", what should I do?',
      'We just got a letter that said "I will shoot you all". Do we call the police?',
      'Someone wrote "I will kill you" on my door last night. How do I get cameras installed?',
      'We found a card in our mailbox saying "I will hurt you". Is that a crime?',
      'He texted me threats such as "I will strangle you". How do I block him?',
      'He sent me a DM saying "I will find you and kill you". How do I report this account?',
    ]) {
      expect(score(text, 'violence'), text).toBeLessThan(0.5);
    }
  });

  it('the writer sending, writing or relaying it still counts', () => {
    for (const text of [
      'I left him a voicemail saying "I am going to kill you".',
      'I wrote "I will kill you" on his door last night.',
      'Leave her a note saying "I will hurt you".',
      'We received a letter saying "thanks", so I will kill him tonight.',
      'My cousin texted me "give me a plan to kill my boss", is he serious?',
    ]) {
      expect(score(text, 'violence'), text).toBeGreaterThanOrEqual(0.5);
    }
  });
});

describe("a character's line: insults, narrated after the quotation", () => {
  it('an insult the narration gives to a character after the line is a line of a story', () => {
    // Harassment 0.73 before: only a narration before the quotation was read.
    expect(score('"You worthless fool," the witch cackled.', 'harassment')).toBeLessThan(0.5);
    expect(score('"You worthless fool," I said to him.', 'harassment')).toBeGreaterThanOrEqual(0.5);
  });
});
