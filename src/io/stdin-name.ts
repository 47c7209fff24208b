/**
 * What kt calls standard input wherever it names a file: diagnostics (`<stdin>:4:3: error[E002]: ...`),
 * error lines, lint reports in every format and JSON `file` fields. `-` is only how the operator asks
 * for stdin on the command line (and stays so in hints that show a command to run).
 */
export const STDIN_NAME = '<stdin>';

/** The name of a file argument in messages: the path as given, `<stdin>` for `-`. */
export const fileLabel = (path: string): string => (path === '-' ? STDIN_NAME : path);
