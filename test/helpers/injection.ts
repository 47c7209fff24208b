import { prepareInjectionDetector, type InjectionOptions } from '../../src/core/detectors/injection.js';

/** Every layer of the injection detector on, at the seed zero-trust pack's threshold (0.8). */
export const ALL_LAYERS: InjectionOptions = {
  decodeBase64: true,
  normalizeUnicode: true,
  detectHomoglyphs: true,
  enforceDelimiters: true,
  patterns: [],
  embeddingThreshold: 0.8,
};

/** A detector with every layer on (ALL_LAYERS). */
export const allLayersDetector = () => prepareInjectionDetector(ALL_LAYERS);
