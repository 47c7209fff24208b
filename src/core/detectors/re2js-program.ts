/**
 * What kt reads of a compiled re2js 2.x program (a pinned dependency): the instruction shape and the
 * opcode and flag numbers, for linear-regex.ts (which narrows a regex to the texts it can match) and
 * regex-dfa.ts and its two modules (which run the program as a DFA). One copy, so a re2js upgrade that renumbers them is
 * fixed in one place (the property tests against re2js's own matcher would fail first).
 */

/** A re2js 2.x instruction (`Inst`). */
export interface ProgramInst {
  op: number;
  out: number;
  arg: number;
  runes: ArrayLike<number>;
  matchRune(r: number): boolean;
}

// Instruction opcodes and empty-width flags of re2js 2.x.
export const OP_ALT = 1;
export const OP_ALT_MATCH = 2;
export const OP_CAPTURE = 3;
export const OP_EMPTY_WIDTH = 4;
export const OP_FAIL = 5;
export const OP_MATCH = 6;
export const OP_NOP = 7;
export const OP_RUNE = 8;
export const OP_RUNE1 = 9;
export const OP_RUNE_ANY = 10;
export const OP_RUNE_ANY_NOT_NL = 11;
export const OP_LB_WRITE = 12;
export const OP_LB_CHECK = 13;
export const EMPTY_BEGIN_LINE = 1;
export const EMPTY_END_LINE = 2;
export const EMPTY_BEGIN_TEXT = 4;
export const EMPTY_END_TEXT = 8;
export const EMPTY_WORD_BOUNDARY = 16;
export const EMPTY_NO_WORD_BOUNDARY = 32;
export const FOLD_CASE = 1;
