/**
 * What a request log line shows of the request target (docs/gateway.md, "Request log"). A client that puts a
 * secret where a name goes (`PUT /v1/config-variables/<the value>`, refused 422 as no valid name) or in a
 * query string must not have it written to the log: the line shows the route's words as sent, a parameter
 * step only when the gateway accepts it as a name in that place (a config-variable name, an event or key
 * id, a model the pack serves), and `{name}`-style placeholders for everything else; never the query.
 */
import { CONFIG_VAR_NAME } from './config-store.js';

/** Each route as its steps: a word, or a `{parameter}` with the test of what the gateway accepts there. */
const ID = /^[A-Za-z0-9_]{1,128}$/;
type Accepts = (decoded: string, knownModel: (id: string) => boolean) => boolean;
const PARAMS = new Map<string, Accepts>([
  ['{name}', (s) => CONFIG_VAR_NAME.test(s)],
  ['{id}', (s) => ID.test(s)],
  ['{model}', (s, knownModel) => knownModel(s)],
]);
const TEMPLATES: readonly (readonly string[])[] = [
  '/v1/models/{model}',
  '/keeptrusts/gateway-keys/{id}',
  '/v1/events/{id}',
  '/v1/config-variables/{name}',
  '/v1/config-variables/{name}/resolve',
].map((t) => t.split('/').slice(1));
/** The words of every route: the only steps of a path that matches no route shown as sent. */
const WORDS = new Set(
  [
    '/v1/chat/completions',
    '/v1/models',
    '/health',
    '/metrics',
    '/v1/whoami',
    '/keeptrusts/config/reload',
    '/keeptrusts/gateway-keys',
    '/v1/events',
    '/v1/config-variables/resolve',
  ].flatMap((p) => p.split('/').slice(1)),
);
/** A CONNECT's authority-form target (`host:port`, `[v6]:port`): shown as sent when it is just that. */
const AUTHORITY = /^(?:[A-Za-z0-9.-]{1,253}|\[[0-9A-Fa-f:.]{2,45}\]):\d{1,5}$/;

const decoded = (step: string): string | undefined => {
  try {
    return decodeURIComponent(step);
  } catch {
    return undefined;
  }
};

/**
 * The path a log line shows for the request target `target` (a path, with or without its query, or a
 * CONNECT's `host:port`). `knownModel` says whether a model id is one the gateway serves.
 */
export function loggedPath(target: string, knownModel: (id: string) => boolean = () => false): string {
  if (target === '') return '';
  if (!target.startsWith('/')) return AUTHORITY.test(target) ? target : '{target}';
  const q = target.search(/[?#]/);
  const steps = (q === -1 ? target : target.slice(0, q)).split('/').slice(1);
  for (const template of TEMPLATES) {
    const model = template.at(-1) === '{model}';
    if (model ? steps.length < template.length : steps.length !== template.length) continue;
    const fixed = template.length - 1;
    if (!template.every((t, i) => PARAMS.has(t) || t === steps[i])) continue;
    // A model id is the rest of the path (it may hold a `/`).
    const given = model ? [steps.slice(0, fixed), steps.slice(fixed).join('/')].flat() : steps;
    const shown = template.map((t, i) => {
      const accepts = PARAMS.get(t);
      if (accepts === undefined) return t;
      const value = decoded(given[i]!);
      return value !== undefined && value !== '' && accepts(value, knownModel) ? given[i]! : t;
    });
    return `/${shown.join('/')}`;
  }
  return `/${steps.map((s) => (s === '' || WORDS.has(s) ? s : '{step}')).join('/')}`;
}
