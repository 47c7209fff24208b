/** JSON pointers (RFC 6901) into a parsed document: ajv's instance paths and the pack model's block pointers. */
import type { JsonValue } from '../core/types.js';
import { isObject } from '../core/pack/json.js';

/** The unescaped segments of a pointer (`''` is the whole document). */
export const pointerSegments = (pointer: string): string[] =>
  pointer === ''
    ? []
    : pointer
        .slice(1)
        .split('/')
        .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));

/** The value at a path of segments, or undefined when the path leaves the document. */
export const valueAt = (doc: JsonValue, segments: readonly string[]): JsonValue | undefined => {
  let node: JsonValue | undefined = doc;
  for (const s of segments) {
    if (Array.isArray(node)) node = node[Number(s)];
    else if (isObject(node)) node = node[s];
    else return undefined;
  }
  return node;
};
