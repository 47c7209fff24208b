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
