/**
 * The catalogue of lint codes: stable ids, severities and titles. SARIF rules, docs/lint-codes.md and
 * the renderers read it; a test keeps the docs in step. `inputCodes` are the reasons a file could not
 * be read as a document at all (src/io/pack-file.ts, src/schema/parse.ts): `kt policy lint` reports
 * such a file as one error diagnostic with that code and exits 3.
 */
export interface LintCode {
  code: string;
  severity: 'error' | 'warning';
  title: string;
}

export const lintCodes: readonly LintCode[] = [
  { code: 'E001', severity: 'error', title: 'Unknown policy kind (or legacy policy type)' },
  { code: 'E002', severity: 'error', title: 'Unknown key' },
  { code: 'E003', severity: 'error', title: 'Chain entry without a policy.<kind> block' },
  { code: 'E004', severity: 'error', title: 'Invalid value (type, allowed values or range)' },
  { code: 'E005', severity: 'error', title: 'Missing required key' },
  { code: 'E006', severity: 'error', title: 'Duplicate provider target id' },
  { code: 'E007', severity: 'error', title: 'Invalid regular expression' },
  { code: 'E008', severity: 'error', title: 'Regular expression can backtrack catastrophically' },
  { code: 'E009', severity: 'error', title: 'Regular expression uses syntax RE2 cannot run' },
  { code: 'E010', severity: 'error', title: 'Literal secret in the pack' },
  { code: 'E011', severity: 'error', title: 'TLS version below 1.2 or unknown' },
  { code: 'E012', severity: 'error', title: 'Unknown or weak TLS cipher suite' },
  { code: 'E013', severity: 'error', title: 'Invalid CIDR range' },
  { code: 'E014', severity: 'error', title: 'Policy kind listed twice in the chain' },
  { code: 'W001', severity: 'warning', title: 'Pack version is not full SemVer' },
  { code: 'W002', severity: 'warning', title: 'secret_key_ref.env names an unset environment variable' },
  { code: 'W003', severity: 'warning', title: 'policy.<kind> block not in the chain' },
  { code: 'W004', severity: 'warning', title: 'Legacy list-shape pack (deprecated)' },
  { code: 'W005', severity: 'warning', title: 'Non-canonical spelling of a field' },
  { code: 'W006', severity: 'warning', title: 'enabled is not set (defaults to true)' },
  { code: 'W007', severity: 'warning', title: 'Pack is disabled' },
  { code: 'W008', severity: 'warning', title: 'More problems than kt reports per file (1000)' },
  { code: 'W009', severity: 'warning', title: 'Key reference (secret_key_ref) on a mock provider target: ignored' },
  { code: 'W010', severity: 'warning', title: 'Regular expression reads far past each match' },
  { code: 'W011', severity: 'warning', title: 'Only TLS 1.3 cipher suites while TLS 1.2 is allowed' },
  { code: 'W012', severity: 'warning', title: 'Setting that has no effect (quality-scorer)' },
  { code: 'W013', severity: 'warning', title: 'Documented setting that kt accepts but does not enforce' },
  { code: 'W014', severity: 'warning', title: 'Rate limits that count the same calls (one never holds)' },
];

export const inputCodes: readonly LintCode[] = [
  { code: 'input.not_found', severity: 'error', title: 'No such file or directory' },
  { code: 'input.is_directory', severity: 'error', title: 'Path is a directory, not a pack file' },
  { code: 'input.no_packs', severity: 'error', title: 'Directory has no *.yaml, *.yml or *.json files' },
  { code: 'input.unreadable', severity: 'error', title: 'File cannot be read (permissions or I/O error)' },
  { code: 'input.too_large', severity: 'error', title: 'File larger than the pack size limit (1 MiB)' },
  { code: 'input.binary', severity: 'error', title: 'Binary data (NUL byte)' },
  { code: 'input.encoding', severity: 'error', title: 'Not UTF-8 text (invalid UTF-8 or UTF-16)' },
  { code: 'input.yaml_syntax', severity: 'error', title: 'YAML or JSON syntax error' },
  { code: 'input.yaml_tag', severity: 'error', title: 'Unsupported YAML tag' },
  { code: 'input.duplicate_key', severity: 'error', title: 'Duplicate mapping key' },
  { code: 'input.alias_limit', severity: 'error', title: 'Alias expansion over the limit (billion laughs)' },
  { code: 'input.too_deep', severity: 'error', title: 'Nesting deeper than 64 levels' },
  { code: 'input.empty', severity: 'error', title: 'Empty document' },
  { code: 'input.not_a_pack', severity: 'error', title: 'Top level is not a mapping' },
];

/** True for a diagnostic that says the file could not be read as a document (an `input.*` code). */
export const isInputCode = (code: string): boolean => code.startsWith('input.');
