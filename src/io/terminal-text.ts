/**
 * Text from outside kt (a server's message, an event field, a golden test's case name) on its way to a
 * terminal or a CI log: control characters (ESC sequences that move the cursor or recolour, CR and LF that
 * would start a line of their own, such as a fake `PASS` or a GitHub Actions `::` command, NUL, C1) become
 * spaces.
 */
export function stripControls(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ');
}

// eslint-disable-next-line no-control-regex
const STORED_CONTROL = /[\u0000-\u001f\u007f]/;

/**
 * Whether `text` holds a C0 control character or DEL. Text kt stores and prints again later, on one line of a
 * listing or a log, is refused with one (a gateway key's user, role and team; a config variable's description),
 * by the CLI before any request and by the gateway for any client: a line break would start a line of its own
 * there, an ESC sequence recolour or move the cursor. One rule for every layer; schemas/openapi.json writes it
 * as the pattern `^[^\u0000-\u001f\u007f]*$`.
 */
export function hasControlCharacter(text: string): boolean {
  return STORED_CONTROL.test(text);
}
