/**
 * The names the safety classifier accepts, in a module of their own so that lint checks a pack's
 * spellings against the very table evaluation uses without loading the classifier's lexicon (~30 ms of
 * start-up). Unknown names are skipped by the classifier, which is why lint reports them (E004).
 */
import type { SafetyCategory } from './safety-lexicon.js';

/** Accepted spellings of category names (docs and seeds use several); keys are lower case. */
export const SAFETY_CATEGORY_ALIASES: Readonly<Record<string, SafetyCategory>> = {
  violence: 'violence',
  violent: 'violence',
  v: 'violence',
  hate: 'hate_speech',
  hate_speech: 'hate_speech',
  hatespeech: 'hate_speech',
  h: 'hate_speech',
  self_harm: 'self_harm',
  selfharm: 'self_harm',
  'self-harm': 'self_harm',
  sh: 'self_harm',
  sexual: 'sexual_content',
  sexual_content: 'sexual_content',
  sex: 'sexual_content',
  s: 'sexual_content',
  harassment: 'harassment',
  hr: 'harassment',
  bullying: 'harassment',
};

/** Threshold words and their numbers; keys are lower case. */
export const SAFETY_NAMED_THRESHOLDS: Readonly<Record<string, number>> = { low: 0.3, medium: 0.5, high: 0.8 };
