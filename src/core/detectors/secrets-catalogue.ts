/**
 * The built-in catalogue of credential formats. Each rule is written from the provider's public
 * description of its token format (prefix, alphabet, length, checksum) rather than copied from another
 * scanner's rule file. Every pattern is linear: fixed prefixes, single character classes with bounded
 * repetition, no nested quantifiers (but for labels each ended by a '.', which cannot be split two ways). A
 * rule runs only when one of its keywords occurs in the text, or always when it has none; and a rule whose
 * matches hold a keyword at a known offset (keywordAt) runs only near the keywords' occurrences.
 */
import { crc32, base62, githubTokenChecksumValid, shannonEntropy } from './checksums.js';
import {
  anonymousLoginNear,
  decodeBase64,
  isReference,
  looksLikePlaceholder,
  namesPasswordField,
} from './secrets-values.js';
import { readsAsSchemelessLogin } from './login-authority.js';

/** Families of the catalogue; `prepareSecretScanner({ families })` selects among them. */
export type SecretFamily =
  | 'cloud'
  | 'vcs'
  | 'llm'
  | 'messaging'
  | 'payment'
  | 'email'
  | 'package'
  | 'auth'
  | 'crypto'
  | 'database'
  | 'saas'
  | 'infrastructure'
  | 'generic';

/** Every family, in documentation order. */
export const SECRET_FAMILIES: readonly SecretFamily[] = [
  'cloud',
  'vcs',
  'llm',
  'messaging',
  'payment',
  'email',
  'package',
  'auth',
  'crypto',
  'database',
  'saas',
  'infrastructure',
  'generic',
];

/** One credential format of the catalogue. */
export interface SecretRule {
  /** Stable rule id; becomes TextMatch.type (e.g. `aws_access_key`). */
  id: string;
  family: SecretFamily;
  /** Global regex with the `d` flag when `group` is used. */
  pattern: RegExp;
  /** Lower-case substrings; the rule runs only when the lower-cased text contains one of them. */
  keywords: readonly string[];
  /** Capture group that holds the secret (the reported span); 0 = the whole match. */
  group?: number;
  /** The group that holds it when `group` took no part in the match (a rule written in two forms). */
  altGroup?: number;
  /** Minimum Shannon entropy (bits/char) of the secret. */
  minEntropy?: number;
  /** Extra validation of the secret; return a score in (0, 1] to accept, or 0 to reject. */
  check?: (secret: string, match: RegExpExecArray) => number;
  score: number;
  /**
   * Where one of `keywords` lies relative to each match: see KeywordAt. Rules whose pattern begins with literal
   * text holding a keyword need not say it: secrets-near.ts reads it from the pattern (keywordAtOf).
   */
  keywordAt?: KeywordAt;
}

/**
 * A promise that every match of a rule's pattern starting at s has one of the rule's keywords occurring in
 * the lower-cased text at some k with s + from <= k <= s + to (negative: before the match). The scanner then
 * tries the pattern only at the starts this allows around each keyword occurrence, and finds what a scan of
 * the whole text finds. It must hold of every match, reported or not, since a rejected match still decides
 * where the scan resumes; when the pattern's matches cannot overlap one another, it need hold only of the
 * matches the rule reports (its `check` may then be what places the keyword). Say why at the rule.
 */
export interface KeywordAt {
  from: number;
  to: number;
}

const B = '(?<![A-Za-z0-9_-])'; // start boundary for tokens that may contain '-'
const E = '(?![A-Za-z0-9_-])'; // end boundary
const UUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';

function re(source: string, flags = 'g'): RegExp {
  return new RegExp(source, flags.includes('d') ? flags : flags + 'd');
}

/**
 * `sig=` at `at` is an Azure SAS signature only as a parameter of its own (not `hsig=`) in a query that
 * also carries the SAS signed version, `sv=YYYY-MM-DD`, which every storage SAS token has, or in the token
 * of Service Bus, Event Hubs, Relay and IoT Hub: `SharedAccessSignature sr=<resource URI>&sig=<signature>&se=<expiry>[&skn=<key name>]`,
 * its parameters in any order, `sr` and `se` (seconds since the epoch) always there (Microsoft Learn, "Service
 * Bus access control with Shared Access Signatures" and "Control access to IoT Hub with shared access
 * signatures"). A `sig` parameter of any other signed URL (CDN, maps, search redirects) is not Azure's.
 */
function sasSignature(text: string, at: number): boolean {
  if (at > 0 && !/[?&;\s"'=]/.test(text[at - 1]!)) return false;
  let a = at;
  const floor = Math.max(0, at - 2048);
  while (a > floor && !/\s/.test(text[a - 1]!)) a--;
  let b = at;
  const ceiling = Math.min(text.length, at + 2048);
  while (b < ceiling && !/\s/.test(text[b]!)) b++;
  const run = text.slice(a, b);
  if (/(?:^|[?&;"'=])sv=\d{4}-\d{2}-\d{2}/.test(run)) return true;
  return (
    SERVICE_SAS_SCHEME.test(text.slice(Math.max(0, a - 32), a)) &&
    /(?:^|&)sr=[^&]/.test(run) &&
    /(?:^|&)se=\d{9,11}(?![^&;"'])/.test(run)
  );
}

/** The scheme word before the parameters of a Service Bus / Event Hubs / IoT Hub SAS token (see sasSignature). */
const SERVICE_SAS_SCHEME = /SharedAccessSignature[ \t]{1,4}$/;

/** Prefix-token rule: `prefix` followed by `body` (a character class with bounds). */
function token(
  id: string,
  family: SecretFamily,
  source: string,
  keywords: readonly string[],
  score = 0.95,
  extra: Partial<SecretRule> = {},
): SecretRule {
  return { id, family, pattern: re(`${B}(?:${source})${E}`), keywords, score, ...extra };
}

/** A CVS access method and a user name (`pserver:anoncvs`): CVSROOT's `:method:user@host`, no password. */
const CVS_ROOT_USER_RE = /^(?:pserver|gserver|kserver|server|ext|extssh|fork|local|sspi):[^:]+$/;

/** npm granular tokens carry a CRC-32 of their random part in the last 6 base62 chars, like GitHub's. */
function npmChecksumValid(t: string): boolean {
  const body = t.slice(4);
  return body.length === 36 && base62(crc32(body.slice(0, 30)), 6) === body.slice(30);
}

/** AWS access key ids: the 16 chars after the prefix are base32 (A-Z, 2-7). */
const AWS_KEY_PREFIXES = 'AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AIPA|ANPA|ANVA|APKA|AROA|ASCA|A3T[A-Z0-9]';

/** How far after an AKIA/ASIA access key id its secret key is looked for. */
const AWS_ID_WINDOW = 200;
const AWS_ID_BEFORE = /(?<![A-Za-z0-9])(?:AKIA|ASIA)[A-Z2-7]{16}(?![A-Za-z0-9])/;

/**
 * A 40-char AWS secret access key is base64-like random: upper and lower case and digits, not hex (a
 * SHA-1), not a path (`src/.../file` also fits the alphabet), and of high entropy.
 */
function plausibleAwsSecret(s: string): boolean {
  if (!/[a-z]/.test(s) || !/[A-Z]/.test(s) || !/\d/.test(s) || /^[0-9a-fA-F]+$/.test(s)) return false;
  if (s.startsWith('/') || s.includes('//') || s.split('/').filter((p) => /^[a-z]{3,}$/.test(p)).length >= 2)
    return false;
  return shannonEntropy(s) >= 4.2;
}

/**
 * Passwords every installation ships with and the manuals print: the JDK `cacerts` store's `changeit`, the
 * Oracle demo schema's `scott/tiger`.
 */
const PUBLISHED_DEFAULTS: ReadonlySet<string> = new Set(['changeit', 'tiger']);

/**
 * After a positional password: the end of its command or line, or another option (`/persistent:no`), so that
 * words of a sentence that names the command (`net use \\host\share and then ...`) are not taken for one.
 */
const COMMAND_WORD_END = String.raw`(?=["'\x60]?[ \t]{0,8}(?:[/;&|>)#\r\n]|$))`;

/** A `user:password` line of chpasswd's input, as echoed with others (`\n` between them). */
const CHPASSWD_LINE = String.raw`[A-Za-z_][\w.-]{0,31}:[^\s"'|;&<>\\]{1,128}`;

/** The end of what is echoed into chpasswd: a last `\n`, the closing quote, the pipe, perhaps `sudo`. */
const CHPASSWD_SINK = String.raw`(?:\\n)?["']?[ \t]{0,4}\|[ \t]{0,4}(?:sudo(?:[ \t]{1,4}-[A-Za-z]{1,4}){0,3}[ \t]{1,4})?chpasswd(?![\w-])`;

/** The first character of a command's argument word: no option, and no redirection or list operator (`>>`). */
const ARG_START = String.raw`[^\s"'<>|;&-]`;

/**
 * A password written as a tool's option or a client's argument (group 1, or `group`). Manuals write what
 * the reader puts there (`sshpass -p password`, `-p$MYSQL_PWD`, `<password>`), so a reference, a
 * placeholder, the field's own name and a published default are not reported; any other literal is, even a
 * weak word. `accept` rejects a match whose command does not take the password there.
 */
function toolPassword(
  keywords: readonly string[],
  source: string,
  flags = 'g',
  opts: { group?: number; altGroup?: number; accept?: (m: RegExpExecArray) => boolean } = {},
): SecretRule {
  return {
    id: 'password',
    family: 'generic',
    pattern: re(source, flags),
    keywords,
    group: opts.group ?? 1,
    ...(opts.altGroup === undefined ? {} : { altGroup: opts.altGroup }),
    // (a reference is a placeholder too; looksLikePlaceholder tests it)
    check: (s, m) =>
      looksLikePlaceholder(s) ||
      namesPasswordField(s) ||
      PUBLISHED_DEFAULTS.has(s) ||
      (opts.accept !== undefined && !opts.accept(m))
        ? 0
        : 0.85,
    score: 0.85,
  };
}

/** The built-in catalogue, in family order. Several entries may share an id (variants of one format). */
export const SECRET_RULES: readonly SecretRule[] = [
  // ---------------------------------------------------------------- cloud
  token(
    'aws_access_key',
    'cloud',
    `(?:${AWS_KEY_PREFIXES})[A-Z2-7]{16}`,
    ['akia', 'asia', 'abia', 'acca', 'agpa', 'aida', 'aipa', 'anpa', 'anva', 'apka', 'aroa', 'asca', 'a3t'],
    0.95,
  ),
  {
    id: 'aws_secret_key',
    family: 'cloud',
    // A 40-char secret access key assigned to a name that says AWS + secret.
    pattern: re(
      `(?:aws|AWS|Aws)[\\w.-]{0,24}(?:secret|SECRET|Secret)[\\w.-]{0,24}["']?\\s{0,4}(?:=>|:=|=|:)\\s{0,4}["']?([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])`,
    ),
    keywords: ['secret'],
    // `secret` follows the 3-letter `aws` and up to 24 name characters.
    keywordAt: { from: 3, to: 27 },
    group: 1,
    score: 0.95,
  },
  {
    id: 'aws_secret_key',
    family: 'cloud',
    // A labelled secret access key: `aws configure` ("AWS Secret Access Key [None]: ..."), the console's
    // `SecretAccessKey`, `secret_access_key = ...`.
    pattern: re(
      `(?<![A-Za-z])[Ss]ecret[ _-]?[Aa]ccess[ _-]?[Kk]ey(?![A-Za-z])["']?[ \\t]{0,4}(?:\\[[^\\]\\n]{0,16}\\][ \\t]{0,4})?(?:=>|:=|=|:|,)?\\s{0,4}["']?([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])`,
    ),
    keywords: ['secretaccesskey', 'secret access key', 'secret_access_key', 'secret-access-key'],
    group: 1,
    check: (s) => (plausibleAwsSecret(s) ? 0.95 : 0),
    score: 0.95,
  },
  {
    id: 'aws_secret_key',
    family: 'cloud',
    // A bare 40-char secret shortly after its access key id (a console CSV row, "AKIA... / <secret>"):
    // the id is what makes a random 40-char string an AWS secret, so it must precede it closely.
    pattern: re('(?<![A-Za-z0-9/+=])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])'),
    keywords: ['akia', 'asia'],
    // The pattern's matches are whole runs of its alphabet, so none overlaps another; `check` reports one only
    // with a 20-unit id inside the AWS_ID_WINDOW units before it, whose `akia`/`asia` starts 200 to 20 before.
    keywordAt: { from: -AWS_ID_WINDOW, to: -20 },
    check: (s, m) =>
      plausibleAwsSecret(s) && AWS_ID_BEFORE.test(m.input.slice(Math.max(0, m.index - AWS_ID_WINDOW), m.index))
        ? 0.9
        : 0,
    score: 0.9,
  },
  token('aws_mws_token', 'cloud', `amzn\\.mws\\.${UUID}`, ['amzn.mws'], 0.95),
  token('aws_appsync_key', 'cloud', 'da2-[a-z0-9]{26}', ['da2-'], 0.85),
  {
    id: 'aws_session_token',
    family: 'cloud',
    pattern: re(
      `(?:aws|AWS)_?(?:session|SESSION)_?(?:token|TOKEN)["']?\\s{0,4}[:=]\\s{0,4}["']?([A-Za-z0-9/+=]{100,})`,
    ),
    keywords: ['session'],
    // after `aws` or `AWS` and an optional '_'
    keywordAt: { from: 3, to: 4 },
    group: 1,
    score: 0.9,
  },
  token('google_api_key', 'cloud', 'AIza[0-9A-Za-z_-]{35}', ['aiza'], 0.95),
  token('google_oauth_client_secret', 'cloud', 'GOCSPX-[A-Za-z0-9_-]{28}', ['gocspx-'], 0.95),
  {
    id: 'google_oauth_client_secret',
    family: 'cloud',
    // Pre-2021 Google client secrets: 24 chars, assigned next to a client-secret name.
    pattern: re(
      `(?:client|CLIENT|Client)[_-]?(?:secret|SECRET|Secret)["']?\\s{0,4}[:=]\\s{0,4}["']([A-Za-z0-9_-]{24})["']`,
    ),
    keywords: ['secret'],
    // after the 6-letter `client` and an optional separator
    keywordAt: { from: 6, to: 7 },
    group: 1,
    score: 0.75,
  },
  token('google_oauth_access_token', 'cloud', 'ya29\\.[0-9A-Za-z_-]{20,1024}', ['ya29.'], 0.9),
  {
    id: 'azure_storage_key',
    family: 'cloud',
    pattern: re(
      '(?:AccountKey|SharedAccessKey|SharedAccessSignature|sig)=([A-Za-z0-9+/%]{20,120}={0,2})(?![A-Za-z0-9+/=])',
    ),
    keywords: ['accountkey=', 'sharedaccesskey=', 'sig='],
    group: 1,
    minEntropy: 3.5,
    // `SharedAccessSignature=SharedAccessSignature sr=...&sig=...`: the setting holds a Service Bus token,
    // whose first word is its scheme, not a key; the token's `sig` is read on its own.
    check: (s, m) =>
      s === 'SharedAccessSignature' || (m[0].startsWith('sig=') && !sasSignature(m.input, m.index)) ? 0 : 0.9,
    score: 0.9,
  },
  {
    id: 'azure_app_config_connection_string',
    family: 'cloud',
    pattern: re('\\.azconfig\\.io;Id=[^;\\s]{4,64};Secret=([A-Za-z0-9+/]{20,80}={0,2})'),
    keywords: ['azconfig.io'],
    group: 1,
    score: 0.95,
  },
  {
    id: 'azure_devops_pat',
    family: 'cloud',
    // Current Azure DevOps PATs: 84 chars with the "AZDO" signature at offset 76.
    pattern: re(`${B}[A-Za-z0-9]{76}AZDO[A-Za-z0-9]{4}${E}`),
    keywords: ['azdo'],
    // `AZDO` after 76 characters
    keywordAt: { from: 76, to: 76 },
    score: 0.95,
  },
  {
    id: 'azure_devops_pat',
    family: 'cloud',
    // Legacy PATs: 52 chars of lower-case base32, assigned to a token/PAT name.
    pattern: re(`(?:token|pat|Token|PAT|ado|azure|devops)\\w{0,24}["']?\\s{0,4}[:=]\\s{0,4}["']([a-z2-7]{52})["']`),
    keywords: ['token', 'pat', 'ado', 'azure', 'devops'],
    group: 1,
    score: 0.9,
  },
  // `Q~` after 3 characters and a digit
  token('azure_ad_client_secret', 'cloud', '[A-Za-z0-9_~.-]{3}\\dQ~[A-Za-z0-9_~.-]{31,34}', ['q~'], 0.9, {
    keywordAt: { from: 4, to: 4 },
  }),
  // `_v1_` after `do` and one of o p r
  token('digitalocean_token', 'cloud', 'do[opr]_v1_[a-f0-9]{64}', ['_v1_'], 0.95, { keywordAt: { from: 3, to: 3 } }),
  token('heroku_api_key', 'cloud', 'HRKU-[A-Za-z0-9_-]{60}', ['hrku-'], 0.95),
  token('databricks_token', 'cloud', 'dapi[a-f0-9]{32}(?:-\\d)?', ['dapi'], 0.9),
  token('alibaba_access_key', 'cloud', 'LTAI[A-Za-z0-9]{12,20}', ['ltai'], 0.85),
  token(
    'ibm_cloud_key',
    'cloud',
    'ApiKey-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}',
    ['apikey-'],
    0.8,
  ),
  {
    id: 'vault_token',
    family: 'cloud',
    pattern: re(`${B}hv[sbr]\\.[A-Za-z0-9_-]{24,400}${E}`),
    keywords: ['hvs.', 'hvb.', 'hvr.'],
    // `hv`, one of s b r, '.': one keyword or another at the start
    keywordAt: { from: 0, to: 0 },
    minEntropy: 3.5,
    score: 0.95,
  },
  {
    id: 'vault_token',
    family: 'cloud',
    // Vault tokens before 1.10 (s./b./r. + base62) only count next to a Vault-ish name.
    pattern: re(
      `(?:vault|VAULT|Vault)[\\w-]{0,24}["'\`]?\\s{0,4}[:= ]\\s{0,4}["'\`]?([sbr]\\.[A-Za-z0-9_-]{24,400})${E}`,
    ),
    keywords: ['vault'],
    group: 1,
    minEntropy: 3.5,
    score: 0.9,
  },
  {
    id: 'vault_unseal_key',
    family: 'cloud',
    pattern: re('(?:Unseal Key \\d{1,2}:|operator unseal)\\s{1,4}([A-Za-z0-9+/]{43,44}={0,1})(?![A-Za-z0-9+/=])'),
    keywords: ['unseal'],
    group: 1,
    score: 0.9,
  },
  {
    id: 'kubernetes_bootstrap_token',
    family: 'cloud',
    pattern: re(`(?:bootstrap|BOOTSTRAP)[\\w-]{0,24}["']?\\s{0,4}[:= ]\\s{0,4}["']?([a-z0-9]{6}\\.[a-z0-9]{16})${E}`),
    keywords: ['bootstrap'],
    group: 1,
    score: 0.9,
  },
  token(
    'doppler_token',
    'cloud',
    'dp\\.(?:ct|pt|st(?:\\.[a-z0-9_-]{2,35})?|sa|scim|audit)\\.[A-Za-z0-9]{40,44}',
    ['dp.'],
    0.95,
  ),
  token('dynatrace_token', 'cloud', 'dt0[a-z]\\d{2}\\.[A-Z0-9]{24}\\.[A-Z0-9]{64}', ['dt0'], 0.95),
  token('pulumi_token', 'cloud', 'pul-[a-f0-9]{40}', ['pul-'], 0.95),
  // `atlasv1` after 14 characters and a '.'
  token('terraform_cloud_token', 'cloud', '[A-Za-z0-9]{14}\\.atlasv1\\.[A-Za-z0-9_=-]{60,70}', ['atlasv1'], 0.95, {
    keywordAt: { from: 15, to: 15 },
  }),
  token('flyio_token', 'cloud', 'fo1_[A-Za-z0-9_-]{43}', ['fo1_'], 0.9),

  // ---------------------------------------------------------------- version control and CI
  {
    id: 'github_token',
    family: 'vcs',
    pattern: re(`${B}gh[pousr]_[A-Za-z0-9]{36,255}${E}`),
    keywords: ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_'],
    // `gh`, one of p o u s r, '_': one keyword or another at the start
    keywordAt: { from: 0, to: 0 },
    check: (s) => (githubTokenChecksumValid(s) ? 0.99 : s.length === 40 || s.startsWith('ghr_') ? 0.9 : 0.8),
    score: 0.9,
  },
  token('github_token', 'vcs', 'github_pat_[A-Za-z0-9_]{50,255}', ['github_pat_'], 0.95),
  token(
    'gitlab_token',
    'vcs',
    'gl(?:pat|ptt|rt|dt|soat|cbt|ffct|imt|agent|oas|ft)-[A-Za-z0-9_-]{20,64}',
    ['glpat-', 'glptt-', 'glrt-', 'gldt-', 'glsoat-', 'glcbt-', 'glffct-', 'glimt-', 'glagent-', 'gloas-', 'glft-'],
    0.95,
  ),
  token('gitlab_runner_token', 'vcs', 'GR1348941[A-Za-z0-9_-]{20}', ['gr1348941'], 0.95),
  token('bitbucket_app_password', 'vcs', 'ATBB[A-Za-z0-9_=.-]{28,40}', ['atbb'], 0.9),
  token('atlassian_api_token', 'vcs', 'ATATT3[A-Za-z0-9_=-]{100,300}', ['atatt3'], 0.95),
  token('sourcegraph_token', 'vcs', 'sgp_(?:[0-9a-f]{16}_|local_)?[0-9a-f]{40}', ['sgp_'], 0.95),
  token('sourcegraph_token', 'vcs', 'sgph_[0-9a-f]{16}_[0-9a-f]{40}', ['sgph_'], 0.95),
  {
    id: 'jenkins_crumb',
    family: 'vcs',
    pattern: re('Jenkins-Crumb:\\s{0,4}([0-9a-f]{32})'),
    keywords: ['jenkins-crumb'],
    group: 1,
    score: 0.85,
  },
  {
    id: 'jenkins_admin_password',
    family: 'vcs',
    // The one-time admin password Jenkins prints on first start.
    pattern: re('password to proceed to installation:\\s{1,8}([0-9a-f]{32})'),
    keywords: ['proceed to installation'],
    group: 1,
    score: 0.9,
  },
  {
    id: 'sonarqube_token',
    family: 'vcs',
    pattern: re(
      `(?:sonar|SONAR|Sonar)[\\w.-]{0,12}(?:login|LOGIN|Login|token|TOKEN|Token)["']?\\s{0,4}(?:[:=]|',)\\s{0,4}["']?\\s{0,2}((?:sq[pua]_)?[0-9a-f]{40})${E}`,
    ),
    keywords: ['sonar'],
    group: 1,
    score: 0.9,
  },
  // (the keywords spell out the class: one of them starts each match, as below for Slack, New Relic, Sentry,
  // EasyPost and the crypt hashes)
  token('sonarqube_token', 'vcs', 'sq[pua]_[0-9a-f]{40}', ['sqp_', 'squ_', 'sqa_'], 0.9, {
    keywordAt: { from: 0, to: 0 },
  }),
  {
    id: 'codeclimate_token',
    family: 'vcs',
    pattern: re(`(?:CC_TEST_REPORTER_ID|CODECLIMATE[\\w]{0,20})["']?\\s{0,4}[:=]\\s{0,4}["']?([0-9a-f]{64})${E}`),
    keywords: ['reporter_id', 'codeclimate'],
    group: 1,
    score: 0.85,
  },
  token('circleci_token', 'vcs', 'CCIPAT_[A-Za-z0-9]{22}_[a-f0-9]{40}', ['ccipat_'], 0.95),
  {
    id: 'teamcity_token',
    family: 'vcs',
    // TeamCity access tokens are JWT-shaped with the header {"typ": "TCV2"}.
    pattern: re(`${B}eyJ0eXAiOiAiVENWMiJ9\\.[A-Za-z0-9_-]{30,60}\\.[A-Za-z0-9_-]{40,60}`),
    keywords: ['eyj0exaioiaivenwmij9'],
    score: 0.95,
  },

  // ---------------------------------------------------------------- LLM and AI providers
  token(
    'openai_api_key',
    'llm',
    'sk-(?:proj-|svcacct-|admin-|None-)?[A-Za-z0-9_-]{16,200}T3BlbkFJ[A-Za-z0-9_-]{16,200}',
    ['t3blbkfj'],
    0.99,
    // after `sk-`, an optional part of up to 8 and 16 to 200 characters
    { keywordAt: { from: 19, to: 211 } },
  ),
  token(
    'openai_api_key',
    'llm',
    'sk-(?:proj|svcacct|admin)-[A-Za-z0-9_-]{40,250}',
    ['sk-proj-', 'sk-svcacct-', 'sk-admin-'],
    0.9,
  ),
  token('openai_api_key', 'llm', 'sk-[A-Za-z0-9]{48}', ['sk-'], 0.85, { minEntropy: 3.5 }),
  token('anthropic_api_key', 'llm', 'sk-ant-(?:api|admin|sid)\\d{2}-[A-Za-z0-9_-]{80,120}', ['sk-ant-'], 0.99),
  token('groq_api_key', 'llm', 'gsk_[A-Za-z0-9]{52}', ['gsk_'], 0.95),
  token('huggingface_token', 'llm', 'hf_[A-Za-z0-9]{34,40}', ['hf_'], 0.9, { minEntropy: 3.5 }),
  token('huggingface_token', 'llm', 'api_org_[A-Za-z0-9]{34}', ['api_org_'], 0.9),
  token('replicate_api_token', 'llm', 'r8_[A-Za-z0-9]{37}', ['r8_'], 0.9),
  token('perplexity_api_key', 'llm', 'pplx-[A-Za-z0-9]{48}', ['pplx-'], 0.95),
  token('xai_api_key', 'llm', 'xai-[A-Za-z0-9]{80}', ['xai-'], 0.95),
  token('tavily_api_key', 'llm', 'tvly-(?:dev-|prod-)?[A-Za-z0-9]{32}', ['tvly-'], 0.9),
  token('jina_api_key', 'llm', 'jina_[A-Za-z0-9]{60}', ['jina_'], 0.95),
  token('firecrawl_api_key', 'llm', 'fc-[0-9a-f]{32}', ['fc-'], 0.85),
  token('langsmith_api_key', 'llm', 'lsv2_(?:pt|sk)_[0-9a-f]{32}_[0-9a-f]{10}', ['lsv2_'], 0.95),
  token('openrouter_api_key', 'llm', 'sk-or-v1-[a-f0-9]{64}', ['sk-or-v1-'], 0.99),
  token('pinecone_api_key', 'llm', 'pcsk_[A-Za-z0-9]{5,8}_[A-Za-z0-9]{40,80}', ['pcsk_'], 0.95),
  {
    id: 'llm_api_key',
    family: 'llm',
    // Providers without a distinctive prefix (Mistral, Cohere, DeepSeek, Azure OpenAI ...): the key
    // name says which provider, the value must be a long random token.
    pattern: re(
      `(?:mistral|MISTRAL|cohere|COHERE|co_|CO_|deepseek|DEEPSEEK|azure_openai|AZURE_OPENAI|together|TOGETHER|fireworks|FIREWORKS|voyage|VOYAGE|gemini|GEMINI)[\\w.-]{0,24}["']?\\s{0,4}[:=]\\s{0,4}["']?((?:sk-)?[A-Za-z0-9_-]{32,100})${E}`,
    ),
    keywords: ['mistral', 'cohere', 'co_', 'deepseek', 'azure_openai', 'together', 'fireworks', 'voyage', 'gemini'],
    group: 1,
    minEntropy: 3.5,
    score: 0.85,
  },

  // ---------------------------------------------------------------- messaging
  token(
    'slack_token',
    'messaging',
    'xox[baprsoe]-[A-Za-z0-9-]{10,250}',
    ['xoxb-', 'xoxa-', 'xoxp-', 'xoxr-', 'xoxs-', 'xoxo-', 'xoxe-'],
    0.95,
    { keywordAt: { from: 0, to: 0 } },
  ),
  token('slack_token', 'messaging', 'xapp-[A-Za-z0-9/+-]{20,250}', ['xapp-'], 0.95),
  token(
    'slack_webhook',
    'messaging',
    'https://hooks\\.slack\\.com/(?:services|workflows|triggers)/[A-Za-z0-9+/_-]{20,200}',
    ['hooks.slack.com'],
    0.95,
  ),
  token(
    'msteams_webhook',
    'messaging',
    `https://[A-Za-z0-9.-]{0,60}(?:outlook\\.office\\.com|webhook\\.office\\.com)/webhookb?2?/${UUID}(?:@|%40|%2540)${UUID}/IncomingWebhook/[0-9a-f]{32}/${UUID}`,
    ['incomingwebhook'],
    0.95,
  ),
  token(
    'discord_webhook',
    'messaging',
    'https://(?:ptb\\.|canary\\.)?discord(?:app)?\\.com/api/webhooks/\\d{17,20}/[A-Za-z0-9_-]{60,80}',
    ['discord'],
    0.95,
    // after `https://` and an optional `ptb.` or `canary.`
    { keywordAt: { from: 8, to: 15 } },
  ),
  token(
    'discord_bot_token',
    'messaging',
    '[MN][A-Za-z0-9_-]{23,25}\\.[A-Za-z0-9_-]{6}\\.[A-Za-z0-9_-]{27,38}',
    ['discord', 'bot'],
    0.7,
    { minEntropy: 4 },
  ),
  {
    id: 'telegram_bot_token',
    family: 'messaging',
    pattern: re(`${B}\\d{8,10}:AA[A-Za-z0-9_-]{30,34}${E}`),
    keywords: [':aa'],
    // after 8 to 10 digits
    keywordAt: { from: 8, to: 10 },
    score: 0.9,
  },
  token('twilio_api_key', 'messaging', 'SK[0-9a-f]{32}', ['sk'], 0.85),
  {
    id: 'twilio_auth_token',
    family: 'messaging',
    // An Account SID (`AC` + 32 hex) names the account; the 32-hex auth token written right after it, as
    // the client's second argument (`Client("AC...", "...")`) or a basic-auth password (`AC...:...`), is
    // the credential. Only where the text says Twilio: elsewhere two hex strings are two hex strings.
    pattern: re('(?<![A-Za-z0-9])AC[0-9a-f]{32}["\'`]?\\s{0,8}[,:]\\s{0,8}["\'`]?([0-9a-f]{32})(?![A-Za-z0-9])'),
    keywords: ['twilio'],
    group: 1,
    score: 0.9,
  },
  token('sendgrid_api_key', 'email', 'SG\\.[A-Za-z0-9_-]{22}\\.[A-Za-z0-9_-]{43}', ['sg.'], 0.99),
  token('mailgun_api_key', 'email', 'key-[0-9a-f]{32}', ['key-'], 0.85),
  // `-us` after 32 hex digits
  token('mailchimp_api_key', 'email', '[0-9a-f]{32}-us\\d{1,2}', ['-us'], 0.9, { keywordAt: { from: 32, to: 32 } }),
  {
    id: 'postmark_token',
    family: 'email',
    pattern: re(`(?:postmark|Postmark|POSTMARK)[\\w-]{0,30}["']?\\s{0,4}[:=]\\s{0,4}["']?(${UUID})`),
    keywords: ['postmark'],
    group: 1,
    score: 0.85,
  },

  // ---------------------------------------------------------------- payment and commerce
  token(
    'stripe_api_key',
    'payment',
    '(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{20,99}',
    ['sk_live_', 'sk_test_', 'rk_live_', 'rk_test_'],
    0.95,
  ),
  token('stripe_webhook_secret', 'payment', 'whsec_[A-Za-z0-9]{32,64}', ['whsec_'], 0.9),
  token('square_token', 'payment', 'sq0(?:atp|csp)-[A-Za-z0-9_-]{22,43}', ['sq0atp-', 'sq0csp-'], 0.95),
  token('square_token', 'payment', 'EAAA[A-Za-z0-9_-]{60}', ['eaaa'], 0.8, { minEntropy: 4 }),
  token(
    'braintree_token',
    'payment',
    'access_token\\$(?:production|sandbox)\\$[a-z0-9]{16}\\$[a-f0-9]{32}',
    ['access_token$'],
    0.95,
  ),
  token(
    'shopify_token',
    'payment',
    'shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}',
    ['shpat_', 'shpca_', 'shppa_', 'shpss_'],
    0.95,
  ),
  token('adyen_api_key', 'payment', 'AQE[A-Za-z0-9]{5}\\+[A-Za-z0-9+/=._-]{60,200}', ['aqe'], 0.8),

  // ---------------------------------------------------------------- package registries
  {
    id: 'npm_token',
    family: 'package',
    pattern: re(`${B}npm_[A-Za-z0-9]{36}${E}`),
    keywords: ['npm_'],
    check: (s) => (npmChecksumValid(s) ? 0.99 : 0.9),
    score: 0.9,
  },
  token('pypi_token', 'package', 'pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,400}', ['pypi-ageichlwas5vcmc'], 0.99),
  token('rubygems_api_key', 'package', 'rubygems_[0-9a-f]{48}', ['rubygems_'], 0.95),
  token('nuget_api_key', 'package', 'oy2[a-z0-9]{43}', ['oy2'], 0.9),
  token('cratesio_api_key', 'package', 'cio[A-Za-z0-9]{32}', ['cio'], 0.8, { minEntropy: 4 }),
  token('dockerhub_token', 'package', 'dckr_(?:pat|oat)_[A-Za-z0-9_-]{27,32}', ['dckr_'], 0.95),
  token('artifactory_token', 'package', 'AKCp[A-Za-z0-9]{69}', ['akcp'], 0.95),
  token('artifactory_token', 'package', 'cmVmdGtu[A-Za-z0-9]{56}', ['cmvmdgtu'], 0.9),
  token('dependency_track_key', 'package', 'odt_[A-Za-z0-9]{32,40}', ['odt_'], 0.9),
  token('clojars_token', 'package', 'CLOJARS_[a-z0-9]{60}', ['clojars_'], 0.95),

  // ---------------------------------------------------------------- auth tokens and headers
  {
    id: 'jwt',
    family: 'auth',
    pattern: re(`${B}eyJ[A-Za-z0-9_-]{8,2000}\\.eyJ[A-Za-z0-9_-]{8,8000}\\.[A-Za-z0-9_-]{0,2000}`),
    keywords: ['eyj'],
    check: (s) => {
      const header = decodeBase64(s.slice(0, s.indexOf('.')));
      return header !== null && header.startsWith('{') ? 0.95 : 0.85;
    },
    score: 0.9,
  },
  {
    id: 'http_basic_auth',
    family: 'auth',
    pattern: re(
      '(?:Authorization|authorization|AUTHORIZATION)["\']?\\s{0,4}[:=]\\s{0,4}["\']?Basic\\s{1,4}([A-Za-z0-9+/]{8,400}={0,2})(?![A-Za-z0-9+/=])',
    ),
    keywords: ['basic'],
    // after the 13 letters of `Authorization`, up to 10 units of quotes, blanks and ':' or '='
    keywordAt: { from: 14, to: 24 },
    group: 1,
    check: (s) => {
      const decoded = decodeBase64(s);
      return decoded !== null && /^[\x20-\x7e]+:[\x20-\x7e]+$/.test(decoded) ? 0.95 : 0;
    },
    score: 0.95,
  },
  {
    id: 'bearer_token',
    family: 'auth',
    pattern: re(
      '(?:Authorization|authorization|AUTHORIZATION)["\']?\\s{0,4}[:=]\\s{0,4}["\'`]?(?:Bearer|bearer|BEARER|token|Token|SSWS)\\s{1,4}([A-Za-z0-9._~+/-]{8,2000}={0,2})(?![A-Za-z0-9._~+/=-])',
    ),
    keywords: ['bearer', 'token', 'ssws'],
    // as for Basic above
    keywordAt: { from: 14, to: 24 },
    group: 1,
    check: (s) => (looksLikePlaceholder(s) || shannonEntropy(s) < 3 ? 0 : 0.85),
    score: 0.85,
  },
  {
    id: 'bearer_token',
    family: 'auth',
    // "Bearer: <token>" written as a header-ish line without the Authorization name.
    pattern: re('(?<![A-Za-z])Bearer:?\\s{1,4}([A-Za-z0-9._~+/-]{20,2000}={0,2})(?![A-Za-z0-9._~+/=-])'),
    keywords: ['bearer'],
    group: 1,
    check: (s) => (looksLikePlaceholder(s) || shannonEntropy(s) < 3.5 ? 0 : 0.8),
    score: 0.8,
  },
  // Okta API tokens (00 + 40 chars) have no distinctive prefix, so they count only in Okta context.
  token('okta_api_token', 'auth', '00[A-Za-z0-9_-]{40}', ['okta', 'ssws'], 0.8),
  token('grafana_token', 'auth', 'eyJrIjoi[A-Za-z0-9+/_-]{40,200}={0,2}', ['eyjrijoi'], 0.95),
  token('grafana_token', 'auth', 'glc_[A-Za-z0-9+/_-]{32,400}={0,2}', ['glc_'], 0.95),
  token('grafana_token', 'auth', 'glsa_[A-Za-z0-9]{32}_[0-9a-f]{8}', ['glsa_'], 0.95),
  token(
    'mapbox_token',
    'auth',
    '(?:sk|tk)\\.eyJ[A-Za-z0-9_-]{20,400}\\.[A-Za-z0-9_-]{20,100}',
    ['sk.eyj', 'tk.eyj'],
    0.95,
  ),
  token('facebook_access_token', 'auth', 'EAA[A-Za-z0-9]{90,400}', ['eaa'], 0.85, { minEntropy: 3.5 }),
  token('salesforce_token', 'auth', '00D[A-Za-z0-9]{12,15}![A-Za-z0-9_.]{80,200}', ['00d'], 0.9),
  token('dropbox_token', 'auth', 'sl\\.[A-Za-z0-9_-]{100,1400}', ['sl.'], 0.9, { minEntropy: 4 }),
  token(
    'age_secret_key',
    'crypto',
    'AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}',
    ['age-secret-key-1'],
    0.99,
  ),
  token('adafruit_io_key', 'saas', 'aio_[A-Za-z0-9]{28}', ['aio_'], 0.9),
  token('adobe_client_secret', 'saas', 'p8e-[A-Za-z0-9_-]{32}', ['p8e-'], 0.9),
  token(
    'newrelic_key',
    'saas',
    '(?:NRAK-[A-Z0-9]{27}|NRAA-[a-f0-9]{27}|NRI[IQ]-[A-Za-z0-9_-]{32}|NRRA-[a-f0-9]{42}|NRJS-[a-f0-9]{19})',
    ['nrak-', 'nraa-', 'nrii-', 'nriq-', 'nrra-', 'nrjs-'],
    0.95,
    { keywordAt: { from: 0, to: 0 } },
  ),
  // `NRAL` after 36 characters in both forms
  token('newrelic_license_key', 'saas', '(?:eu01xx[a-f0-9]{30}|[a-f0-9]{36})NRAL', ['nral'], 0.95, {
    keywordAt: { from: 36, to: 36 },
  }),
  {
    id: 'newrelic_license_key',
    family: 'saas',
    pattern: re(`(?:license_key|licenseKey|LICENSE_KEY|license)["']?\\s{0,4}[:=]\\s{0,4}["']?([a-f0-9]{40})${E}`),
    keywords: ['license'],
    group: 1,
    score: 0.85,
  },
  token('pixie_key', 'saas', `px-(?:api|dep)-${UUID}`, ['px-api-', 'px-dep-'], 0.9),
  token('postman_api_key', 'saas', 'PMAK-[a-f0-9]{24}-[a-f0-9]{34}', ['pmak-'], 0.95),
  token('segment_token', 'saas', 'sgp_[A-Za-z0-9]{64}', ['sgp_'], 0.9),
  token('stackhawk_api_key', 'saas', 'hawk\\.[A-Za-z0-9]{20}\\.[A-Za-z0-9]{20}', ['hawk.'], 0.95),
  token('twitch_stream_key', 'saas', 'live_\\d{6,12}_[A-Za-z0-9]{30}', ['live_'], 0.95),
  token('linear_api_key', 'saas', 'lin_api_[A-Za-z0-9]{40}', ['lin_api_'], 0.95),
  token('notion_token', 'saas', '(?:secret_|ntn_)[A-Za-z0-9]{43,46}', ['secret_', 'ntn_'], 0.8, { minEntropy: 4 }),
  token('airtable_token', 'saas', 'pat[A-Za-z0-9]{14}\\.[a-f0-9]{64}', ['pat'], 0.95),
  token('sentry_token', 'saas', 'sntry[su]_[A-Za-z0-9+/=_-]{60,300}', ['sntrys_', 'sntryu_'], 0.95, {
    keywordAt: { from: 0, to: 0 },
  }),
  token('supabase_token', 'saas', 'sbp_[a-f0-9]{40}', ['sbp_'], 0.95),
  token('planetscale_token', 'database', 'pscale_(?:tkn|pw|oauth)_[A-Za-z0-9_.-]{32,64}', ['pscale_'], 0.95),
  token('figma_token', 'saas', 'figd_[A-Za-z0-9_-]{40,}', ['figd_'], 0.95),
  token('contentful_token', 'saas', 'CFPAT-[A-Za-z0-9_-]{43}', ['cfpat-'], 0.95),
  token('frameio_token', 'saas', 'fio-u-[A-Za-z0-9_=-]{64}', ['fio-u-'], 0.95),
  token('typeform_token', 'saas', 'tfp_[A-Za-z0-9_.=-]{59}', ['tfp_'], 0.9),
  token('shippo_token', 'saas', 'shippo_(?:live|test)_[a-f0-9]{40}', ['shippo_'], 0.95),
  token('easypost_key', 'saas', 'EZ[AT]K[A-Za-z0-9]{54}', ['ezak', 'eztk'], 0.95, { keywordAt: { from: 0, to: 0 } }),
  token('prefect_key', 'saas', 'pnu_[A-Za-z0-9]{36}', ['pnu_'], 0.95),
  token(
    'tailscale_key',
    'cloud',
    'tskey-(?:api|auth|client|webhook|scim)-[A-Za-z0-9]{6,}-[A-Za-z0-9]{20,}',
    ['tskey-'],
    0.95,
  ),
  token('brevo_api_key', 'email', 'xkeysib-[a-f0-9]{64}-[A-Za-z0-9]{16}', ['xkeysib-'], 0.95),
  token('onepassword_token', 'saas', 'ops_eyJ[A-Za-z0-9+/=_-]{100,}', ['ops_eyj'], 0.95),
  token(
    'plaid_token',
    'payment',
    `access-(?:sandbox|development|production)-${UUID}`,
    ['access-sandbox-', 'access-development-', 'access-production-'],
    0.9,
  ),
  token('razorpay_key', 'payment', 'rzp_(?:live|test)_[A-Za-z0-9]{14}', ['rzp_'], 0.9),
  token('flutterwave_key', 'payment', 'FLW(?:SECK|PUBK)(?:_TEST)?-[a-f0-9]{32}-X', ['flwseck', 'flwpubk'], 0.95),
  token('twitter_bearer_token', 'auth', 'A{20,24}[A-Za-z0-9%]{30,120}', ['aaaaaaaaaaaaaaaaaaaa'], 0.85, {
    minEntropy: 3.5,
    // (20 or more A's begin each match)
    keywordAt: { from: 0, to: 0 },
  }),
  {
    id: 'thingsboard_token',
    family: 'saas',
    pattern: re('thingsboard\\.cloud/api/v1/([a-z0-9]{20})/'),
    keywords: ['thingsboard'],
    group: 1,
    score: 0.85,
  },
  {
    id: 'truenas_api_key',
    family: 'saas',
    pattern: re(`${B}\\d{1,4}-[A-Za-z0-9]{64}${E}`),
    keywords: ['truenas', 'api_key', 'apikey', 'bearer'],
    minEntropy: 4.5,
    score: 0.8,
  },

  // ---------------------------------------------------------------- private keys and password hashes
  {
    id: 'private_key',
    family: 'crypto',
    pattern: re('-----BEGIN[ A-Z0-9_-]{0,40}PRIVATE KEY(?: BLOCK)?-----'),
    keywords: ['private key'],
    // after `-----BEGIN` and up to 40 characters
    keywordAt: { from: 10, to: 50 },
    score: 0.99,
  },
  token('private_key', 'crypto', 'PuTTY-User-Key-File-\\d: [a-z0-9-]{3,40}', ['putty-user-key-file'], 0.95),
  {
    id: 'private_key',
    family: 'crypto',
    // A PEM private key that was base64-encoded again (e.g. in an environment variable).
    pattern: re(`${B}LS0tLS1CRUdJTi[A-Za-z0-9+/]{40,20000}={0,2}`),
    keywords: ['ls0tls1crudjti'],
    check: (s) => {
      const decoded = decodeBase64(s.slice(0, 96 - (96 % 4)));
      return decoded !== null && decoded.includes('PRIVATE KEY') ? 0.99 : 0;
    },
    score: 0.99,
  },
  token('password_hash', 'crypto', '\\$(?:1|apr1)\\$[./A-Za-z0-9]{1,8}\\$[./A-Za-z0-9]{22}', ['$1$', '$apr1$'], 0.85),
  token('password_hash', 'crypto', '\\$2[abxy]?\\$\\d{2}\\$[./A-Za-z0-9]{53}', ['$2'], 0.9),
  token(
    'password_hash',
    'crypto',
    '\\$[56]\\$(?:rounds=\\d{1,9}\\$)?[./A-Za-z0-9]{1,16}\\$(?:[./A-Za-z0-9]{43}|[./A-Za-z0-9]{86})',
    ['$5$', '$6$'],
    0.9,
    { keywordAt: { from: 0, to: 0 } },
  ),
  token('password_hash', 'crypto', '\\$[89]\\$[./A-Za-z0-9]{14}\\$[./A-Za-z0-9]{43}', ['$8$', '$9$'], 0.85, {
    keywordAt: { from: 0, to: 0 },
  }),
  token(
    'password_hash',
    'crypto',
    '\\$krb5(?:asrep|tgs)\\$\\d{2}\\$[^$\\s]{1,256}\\$[0-9a-f]{64,8192}',
    ['$krb5'],
    0.95,
  ),
  {
    id: 'wireguard_key',
    family: 'crypto',
    pattern: re('(?:PrivateKey|PresharedKey)\\s{0,4}=\\s{0,4}([A-Za-z0-9+/]{42,43}=)'),
    keywords: ['privatekey', 'presharedkey'],
    group: 1,
    score: 0.95,
  },

  // ---------------------------------------------------------------- databases and connection strings
  {
    id: 'connection_string',
    family: 'database',
    // scheme://user:password@host - the password is the secret. Hosts must start like a hostname. The
    // user may be empty: Redis before ACLs has no user names (`redis://:password@host`).
    pattern: re(
      '(?<![A-Za-z0-9+.-])[A-Za-z][A-Za-z0-9+.-]{1,24}://[^\\s:/@\'"`<>]{0,128}:([^\\s/\'"`<>]{1,256})@(?=[A-Za-z0-9])',
    ),
    keywords: ['://'],
    // after a scheme of 2 to 25 characters
    keywordAt: { from: 2, to: 25 },
    group: 1,
    check: (s, m) => {
      // A reference, a mask, the field's own name (user:pass@) or the anonymous account's ident is not a secret.
      if (isReference(s) || /^[*x]+$/i.test(s) || namesPasswordField(s) || /\/\/anonymous:/i.test(m[0])) return 0;
      // A CVS root (`:pserver:anoncvs@host:/cvs`, as GNU copyright files cite it) reads as an empty user
      // and the password `pserver:anoncvs`: it is an access method and a user name, with no password.
      if (CVS_ROOT_USER_RE.test(s) && m[0].endsWith(`//:${s}@`)) return 0;
      return 0.95;
    },
    score: 0.95,
  },
  {
    id: 'connection_string',
    family: 'database',
    // user:password@host[:port] without a scheme (`admin:s3cret@db.example.com:5432`): see login-authority.ts
    // for when that shape is a login. Read back from each '@' (the user and password are a lookbehind after
    // it: before it, the lookbehind ran at every offset, 128 steps each in a text without blanks). A '/' or ':' before the user leaves the URL forms
    // to the rule above. The host is matched as a dotted name with a top-level label of letters, an IPv4
    // address or a single label before a port, so that text with '@'s and no such host fails in the regex.
    pattern: re(
      '@(?<=(?<![A-Za-z0-9._%+/:@\\\\-])([A-Za-z][A-Za-z0-9._-]{0,63}):([^\\s:/@\'"`<>]{1,128})@)((?:[A-Za-z0-9-]{1,63}\\.){1,126}[A-Za-z]{2,24}|\\d{1,3}(?:\\.\\d{1,3}){3}|localhost|[A-Za-z][A-Za-z0-9-]{0,62}(?=:\\d))(?![A-Za-z0-9-]|\\.[A-Za-z0-9])(?::(\\d{1,5})(?![A-Za-z0-9_]))?',
    ),
    // No keyword: the pattern starts with '@', which the regex engine finds as fast as the keyword pass
    // would (a one-character keyword there cost that pass 10% on a megabyte of docs).
    keywords: [],
    group: 2,
    check: (s, m) => (readsAsSchemelessLogin(m[1]!, s, m[3]!, m[4]) ? 0.9 : 0),
    score: 0.9,
  },
  {
    id: 'connection_string',
    family: 'database',
    // ADO.NET / ODBC / JDBC key=value strings with a password field.
    pattern: re(
      '(?:[Ss]erver|SERVER|[Dd]ata [Ss]ource|[Hh]ost|[Pp]rovider|[Dd]river|[Uu]id|[Uu]ser [Ii][Dd]|[Dd]atabase|[Ii]nitial [Cc]atalog)\\s{0,2}=[^\\n]{0,240}?(?:[Pp]assword|PASSWORD|[Pp]wd|PWD)\\s{0,2}=\\s{0,2}([^;"\'\\s<>]{1,128})',
    ),
    keywords: ['password', 'pwd'],
    // after a key of 3 (`Uid`) to 15 (`Initial Catalog`) letters, up to 2 blanks, '=' and up to 240 units
    keywordAt: { from: 4, to: 258 },
    group: 1,
    check: (s, m) =>
      isReference(s) ||
      /^[*x#]+$/i.test(s) ||
      namesPasswordField(s) ||
      anonymousLoginNear(m[0], m[0].length - s.length, m[0].length)
        ? 0
        : 0.9,
    score: 0.9,
  },
  {
    id: 'netrc_credentials',
    family: 'database',
    pattern: re(
      '\\bmachine\\s{1,8}[\\w.-]{1,253}\\s{1,8}login\\s{1,8}\\S{1,128}\\s{1,8}password\\s{1,8}([^\\s]{1,256})',
    ),
    keywords: ['machine'],
    group: 1,
    // `password password` is the line's layout written out (a template or a test), as `user:pass@` is in a URL.
    check: (s) => (isReference(s) || namesPasswordField(s) ? 0 : 0.9),
    score: 0.9,
  },
  // ---------------------------------------------------------------- passwords given to tools and HTTP clients
  // (session 33) Options that take the password itself, within the tool's own command: no `|`, `;` or `&`
  // between (`ssh -p 2222` after it is another command's port). Reported as `password`, like the generic forms.
  // sshpass `-p`, among sshpass's own options (`sshpass -f file ssh -p 2222` reads it from a file).
  toolPassword(
    ['sshpass'],
    String.raw`\bsshpass(?:[ \t]{1,4}-[defvP][^\s]{0,128}(?:[ \t]{1,4}[^\s-][^\s]{0,128})?){0,3}[ \t]{1,4}-p[ \t]{0,4}["']?([^\s"'-][^\s"']{0,127})`,
  ),
  // The MySQL clients' `-p` glued to its value: `-p` then a blank prompts, and the next word is the database.
  // Read a word at a time (up to 12 before it): a lazy run up to each `-p` costs hundreds of steps per `mysql`.
  toolPassword(
    ['mysql'],
    String.raw`\bmysql(?:dump|admin|import|check|pump|sh|binlog|slap)?(?:\.exe)?(?:[ \t]{1,4}(?!-p)[^\s|;&]{1,64}){0,12}[ \t]{1,4}-p["']?([^\s"'-][^\s"']{0,127})`,
  ),
  toolPassword(['redis-cli'], String.raw`\bredis-cli\b[^\n|;&]{0,200}?\s-a\s{1,4}["']?([^\s"'-][^\s"']{0,127})`),
  // A registry login's `-p` (and Azure CLI's). The pattern starts at `login` (a fixed string is found fast).
  toolPassword(
    [
      'docker login',
      'podman login',
      'buildah login',
      'skopeo login',
      'nerdctl login',
      'oras login',
      'registry login',
      'az login',
    ],
    String.raw`login\b(?<=\b(?:docker|podman|buildah|skopeo|nerdctl|oras|helm\s{1,4}registry|az)\s{1,4}login)[^\n|;&]{0,300}?\s-p\s{1,4}["']?([^\s"'-][^\s"']{0,127})`,
  ),
  // The OpenLDAP clients' `-w` (`-W` prompts).
  toolPassword(
    ['ldap'],
    String.raw`\bldap(?:search|modify|add|delete|passwd|whoami|compare|modrdn|exop)\b[^\n|;&]{0,300}?\s-w\s{1,4}["']?([^\s"'-][^\s"']{0,127})`,
  ),
  // OpenSSL's pass phrase argument `pass:X` (`env:`, `file:`, `fd:` and `stdin` name a source).
  toolPassword(
    ['-passin', '-passout'],
    String.raw`-pass(?:in|out)(?<=\s-pass(?:in|out))\s{1,4}["']?pass:([^\s"']{1,128})`,
  ),
  // keytool and jarsigner store and key passwords (`-storepass:env NAME` names a source).
  toolPassword(
    ['storepass', 'keypass'],
    String.raw`pass\s{1,4}(?<=(?:^|[^\w-])-(?:src|dest|new)?(?:store|key)pass\s{1,4})["']?([^\s"'-][^\s"']{0,127})`,
  ),
  // PowerShell's plain-text secure string: `ConvertTo-SecureString "X" -AsPlainText -Force`.
  toolPassword(
    ['convertto-securestring'],
    String.raw`ConvertTo-SecureString\s{1,4}(?:-String\s{1,4})?["']([^"'\n]{1,128})["'][^\n]{0,40}?-AsPlainText`,
    'gi',
  ),
  // A PostgreSQL password file line, `host:port:database:user:password` (`*` matches any): where the text
  // names the file, or the line has the default port or a wildcard field. The host starts the line or a word.
  toolPassword(
    ['pgpass', ':5432:', ':6432:', ':*:'],
    String.raw`:(?:\*|\d{2,5}):(?<=(?:^|[\s"'>])(?:\*|[A-Za-z0-9][A-Za-z0-9.-]{0,252}):(?:\*|\d{2,5}):)(?:\*|[^\s:"']{1,63}):(?:\*|[A-Za-z_][^\s:"']{0,62}):([^\s"']{1,128})(?![^\s"'])`,
    'gm',
  ),
  // Oracle SQL*Plus `user/password[@connect]` (`sqlplus / as sysdba`, `sqlplus user@tns` and `/nolog` prompt
  // or use the OS login; an options' word comes first; `sqlplus64` is the Linux 64-bit client's name). A quoted
  // login may hold blanks and '@' (`sqlplus "app/p@ss word"@db`): its password runs to the quote, less an
  // `@connect` inside the quotes when none follows them (`sqlplus 'hr/X@db'`) and an `as sysdba`.
  toolPassword(
    ['sqlplus'],
    String.raw`\bsqlplus(?:64)?(?:\.exe)?(?:[ \t]{1,4}-[A-Za-z]{1,8}){0,3}[ \t]{1,4}(?:(["'])[A-Za-z][\w$#.]{0,63}/([^\s@"'/][^"'\n]{0,127}?)(?:@[^\s"'@]{1,128}(?=(?:[ \t]{1,4}as[ \t]{1,4}sys[a-z]{2,6})?["'](?!@)))?(?:[ \t]{1,4}as[ \t]{1,4}sys[a-z]{2,6})?\1|["']?[A-Za-z][\w$#.]{0,63}/([^\s@"'/][^\s@"']{2,127})(?![^\s@"']))`,
    'gi',
    { group: 2, altGroup: 3 },
  ),
  // Windows `net use [Z:] \\host\share [password] [/user:x] [/options]`: the one positional word after the share
  // that is no option (`*` prompts), before or after `/user:`; quoted, it may hold blanks.
  toolPassword(
    ['net use'],
    String.raw`\bnet[ \t]{1,4}use(?:[ \t]{1,4}(?:[A-Z]:|\*))?[ \t]{1,4}"?\\\\[^\s"]{1,256}"?(?:[ \t]{1,4}/[A-Z]{1,16}(?::(?:"[^"\n]{0,128}"|[^\s"]{0,128}))?){0,4}[ \t]{1,4}(?:(["'])([^"'\n]{1,128})\1|["']?([^\s"'/*][^\s"']{0,127}))${COMMAND_WORD_END}`,
    'gi',
    { group: 2, altGroup: 3 },
  ),
  // Samba's common client option `-U|--user=[DOMAIN\]USERNAME[%PASSWORD]` (the "COMMON OPTIONS" of the
  // smbclient(1), rpcclient(1), smbcacls(1), smbcquotas(1), smbget(1), smbtree(1), net(8) and samba-tool(8)
  // manuals; winexe takes it too), read a word at a time (up to 12 before it). `net` only with a subcommand
  // of Samba's (`net ads join -U ...`): Windows' `net` has no `-U`. Without `%` the tool prompts.
  toolPassword(
    [
      'smbclient',
      'rpcclient',
      'smbcacls',
      'smbcquotas',
      'smbget',
      'smbtree',
      'samba-tool',
      'winexe',
      'net ads',
      'net rpc',
      'net rap',
      'net dom',
      'net sam',
    ],
    String.raw`\b(?:(?:smb|rpc)c(?:lient|acls|quotas)|smbget|smbtree|samba-tool|winexe|net (?:ads|rpc|rap|dom|sam))\b(?!-)(?:[ \t]{1,4}(?!-U|--user)[^\s|;&]{1,256}){0,12}[ \t]{1,4}(?:-U[ \t]{0,4}|--user[= \t])["']?[^\s"'%]{1,128}%([^\s"']{1,128})`,
  ),
  // winbind's `wbinfo -a|--authenticate=USERNAME%PASSWORD` (wbinfo(1)).
  toolPassword(
    ['wbinfo'],
    String.raw`\bwbinfo\b(?:[ \t]{1,4}(?!-a|--authenticate)[^\s|;&]{1,256}){0,6}[ \t]{1,4}(?:-a[ \t]{1,4}|--authenticate[= \t])["']?[^\s"'%]{1,128}%([^\s"']{1,128})`,
  ),
  // Apache `htpasswd -b[c] file user password` (`-n`: no file); without `-b` it prompts.
  toolPassword(
    ['htpasswd'],
    String.raw`\bhtpasswd((?:[ \t]{1,4}-[A-Za-z]{1,6}(?:[ \t]{1,4}\d{1,2})?){1,4})(?:[ \t]{1,4}["']?${ARG_START}[^\s"']{0,255}["']?)?[ \t]{1,4}["']?${ARG_START}[^\s"']{0,127}["']?[ \t]{1,4}["']?(${ARG_START}[^\s"']{0,127})${COMMAND_WORD_END}`,
    'g',
    { group: 2, accept: (m) => /-[A-Za-z]{0,5}b/.test(m[1] ?? '') },
  ),
  // A literal echoed into what reads a password from stdin: `echo X | docker login --password-stdin`,
  // `gh auth login --with-token`, `sudo -S`, `passwd --stdin` (`echo $TOKEN |` is a reference).
  toolPassword(
    ['password-stdin', 'with-token', '| sudo -', 'passwd --stdin'],
    String.raw`\b(?:echo(?:[ \t]{1,4}-[neE]{1,3})?|printf(?:[ \t]{1,4}["']%s(?:\\n)?["'])?)[ \t]{1,4}["']?([^\s"'$\x60|;&<>][^\s"'|;&<>]{0,127})["']?[ \t]{0,4}\|(?:[ \t]{0,4}sudo[ \t]{1,4}-[A-Za-z]{0,4}S(?![\w-])|[^\n|;&]{0,300}?[ \t](?:--password-stdin|--with-token|passwd[ \t]{1,4}--stdin)(?![\w-]))`,
  ),
  // ... or given to it as a here-string (`docker login -u ci --password-stdin <<< 'X'`, `sudo -S cmd <<< X`):
  // read from the rare `<<<` back to the command.
  toolPassword(
    ['<<<'],
    String.raw`<<<(?<=(?:--password-stdin|--with-token|passwd[ \t]{1,4}--stdin|\bsudo[ \t]{1,4}-[A-Za-z]{0,4}S)(?![\w-])[^\n|;&<>]{0,300}<<<)[ \t]{0,4}["']?([^\s"'$\x60|;&<>][^\s"'|;&<>]{0,127})`,
  ),
  // chpasswd reads `user:password` lines from stdin: echoed or printed into it, or a here-string. Several
  // lines echoed at once (`echo -e 'a:X\nb:Y' | chpasswd`, as Dockerfiles write it) are each a password.
  toolPassword(
    ['chpasswd'],
    String.raw`(?:\bchpasswd(?:[ \t]{1,4}-[A-Za-z-]{1,16}){0,3}[ \t]{0,4}<<<|\b(?:echo(?:[ \t]{1,4}-[neE]{1,3})?|printf(?:[ \t]{1,4}["']%s(?:\\n)?["'])?))[ \t]{0,4}["']?[A-Za-z_][\w.-]{0,31}:([^\s"'$\x60|;&<>:\\][^\s"'|;&<>\\]{0,127})(?:(?:\\n${CHPASSWD_LINE}){0,16}${CHPASSWD_SINK})?`,
    'g',
    { accept: (m) => m[0].startsWith('chpasswd') || m[0].endsWith('chpasswd') },
  ),
  // ... the lines after the first: read from the `\n` before each, back to the echo and on to chpasswd.
  toolPassword(
    ['chpasswd'],
    String.raw`\\n(?<=\b(?:echo(?:[ \t]{1,4}-[neE]{1,3})?|printf)[ \t]{1,4}["']?(?:${CHPASSWD_LINE}\\n){1,16})[A-Za-z_][\w.-]{0,31}:([^\s"'$\x60|;&<>:\\][^\s"'|;&<>\\]{0,127})(?=(?:\\n${CHPASSWD_LINE}){0,16}${CHPASSWD_SINK})`,
  ),
  // sshpass `-e` reads the password from SSHPASS, set before it (`SSHPASS=X sshpass -e`, `export SSHPASS=X`).
  toolPassword(['sshpass='], String.raw`\bSSHPASS=["']?([^\s"'$\x60][^\s"']{2,127})`),
  // HTTP basic auth as a (user, password) pair: requests/httpx `auth=("u", "p")`, `HTTPBasicAuth("u", "p")`,
  // aiohttp `BasicAuth("u", "p")`.
  toolPassword(
    ['auth=(', 'auth = (', 'auth =(', 'auth= (', 'basicauth(', 'digestauth('],
    String.raw`(?:uth\s{0,4}=\s{0,4}\(|uth\()(?<=(?:\bauth\s{0,4}=\s{0,4}|(?:HTTPBasic|HTTPDigest|\bBasic)Auth)\()\s{0,8}["'][^"'\n]{1,128}["']\s{0,8},\s{0,8}["']([^"'\n]{1,128})["']\s{0,8}\)`,
  ),
  // ---------------------------------------------------------------- infrastructure identifiers
  // Not credentials, but they map an organisation's cloud estate; DLP keeps them out of prompts.
  {
    id: 'aws_arn',
    family: 'infrastructure',
    // Account-owned ARNs (12-digit or empty account). AWS-managed ARNs (account "aws") are public.
    pattern: re(
      '(?<![A-Za-z0-9])arn:aws(?:-cn|-us-gov|-iso|-iso-b)?:[a-z0-9-]{2,32}:[a-z0-9-]{0,32}:(?:\\d{12})?:[A-Za-z0-9_/.:*${}+=,@!-]{1,512}',
    ),
    keywords: ['arn:aws'],
    score: 0.7,
  },
  {
    id: 'aws_account_id',
    family: 'infrastructure',
    pattern: re(
      `(?:aws_?account_?id|AWS_?ACCOUNT_?ID|AWSAccountId|awsAccountId|account_?id|AccountId)["']?\\s{0,4}[:=]\\s{0,4}["']?(\\d{12})${E}`,
    ),
    keywords: ['account'],
    // at the start, or after `aws`, `AWS` and an optional '_'
    keywordAt: { from: 0, to: 4 },
    group: 1,
    score: 0.65,
  },
  {
    id: 'cloud_storage_bucket',
    family: 'infrastructure',
    // Virtual-hosted bucket endpoints referenced on their own (object URLs are usually shared links).
    pattern: re(
      '(?<![a-z0-9.-])[a-z0-9](?:[a-z0-9.-]{0,61}[a-z0-9])?\\.(?:s3(?:[.-][a-z0-9-]{2,30})?\\.amazonaws\\.com|storage\\.googleapis\\.com)(?![A-Za-z0-9.-]|/[A-Za-z0-9_.-])',
    ),
    keywords: ['amazonaws.com', 'storage.googleapis.com'],
    // After a bucket name of 1 to 63 characters and '.': `storage...` at 2 to 64, `amazonaws.com` after `s3`,
    // an optional region part of 3 to 31 and '.', at 5 to 98.
    keywordAt: { from: 2, to: 98 },
    score: 0.6,
  },
  {
    id: 'cloud_storage_bucket',
    family: 'infrastructure',
    // Path-style endpoints: the first path segment is the bucket.
    pattern: re(
      '(?<![a-z0-9.-])(?:s3(?:[.-][a-z0-9-]{2,30})?\\.amazonaws\\.com|storage\\.googleapis\\.com)/[a-z0-9][a-z0-9._-]{1,61}[a-z0-9]',
    ),
    keywords: ['amazonaws.com', 'storage.googleapis.com'],
    // `storage...` at the start, `amazonaws.com` after `s3`, an optional region part of 3 to 31 and '.'
    keywordAt: { from: 0, to: 34 },
    score: 0.6,
  },
  token(
    'google_oauth_client_id',
    'infrastructure',
    '\\d{6,14}-[a-z0-9]{32}\\.apps\\.googleusercontent\\.com',
    ['googleusercontent'],
    0.65,
    // after 6 to 14 digits, '-', 32 characters and `.apps.`
    { keywordAt: { from: 45, to: 53 } },
  ),
  // after a name of 1 to 61 characters and '.'
  token('shopify_domain', 'infrastructure', '[a-z0-9][a-z0-9-]{0,60}\\.myshopify\\.com', ['myshopify.com'], 0.6, {
    keywordAt: { from: 2, to: 62 },
  }),
  token('age_public_key', 'infrastructure', 'age1[qpzry9x8gf2tvdw0s3jn54khce6mua7l]{58}', ['age1'], 0.6),
  token(
    'mapbox_public_token',
    'infrastructure',
    'pk\\.eyJ[A-Za-z0-9_-]{20,400}\\.[A-Za-z0-9_-]{20,100}',
    ['pk.eyj'],
    0.6,
  ),
];
