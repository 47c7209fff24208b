/**
 * The registry of commands: small spec modules loaded eagerly (help, man pages, completion);
 * implementations load lazily from each spec's `load`. Keep the list sorted by path.
 */
import type { CommandSpec } from '../command.js';
import { authLoginCommand } from './auth/login.js';
import { authLogoutCommand } from './auth/logout.js';
import { authStatusCommand } from './auth/status.js';
import { completionCommand } from './completion.js';
import { configShowCommand } from './config/show.js';
import { configUseProfileCommand } from './config/use-profile.js';
import { configVarsDeleteCommand } from './config-vars/delete.js';
import { configVarsGetCommand } from './config-vars/get.js';
import { configVarsListCommand } from './config-vars/list.js';
import { configVarsResolveCommand } from './config-vars/resolve.js';
import { configVarsRotateCommand } from './config-vars/rotate.js';
import { configVarsSetCommand } from './config-vars/set.js';
import { eventsExportCommand } from './events/export.js';
import { eventsListCommand } from './events/list.js';
import { eventsVerifyCommand } from './events/verify.js';
import { gatewayKeysCreateCommand } from './gateway/keys/create.js';
import { gatewayKeysListCommand } from './gateway/keys/list.js';
import { gatewayKeysRevokeCommand } from './gateway/keys/revoke.js';
import { gatewayReloadCommand } from './gateway/reload.js';
import { gatewayRunCommand } from './gateway/run.js';
import { healthCommand } from './health.js';
import { initCommand } from './init.js';
import { policyEvalCommand } from './policy/eval.js';
import { policyLintCommand } from './policy/lint.js';
import { policyMigrateCommand } from './policy/migrate.js';
import { policyTestCommand } from './policy/test.js';
import { versionCommand } from './version.js';

export const commandSpecs: readonly CommandSpec[] = [
  authLoginCommand,
  authLogoutCommand,
  authStatusCommand,
  completionCommand,
  configShowCommand,
  configUseProfileCommand,
  configVarsDeleteCommand,
  configVarsGetCommand,
  configVarsListCommand,
  configVarsResolveCommand,
  configVarsRotateCommand,
  configVarsSetCommand,
  eventsExportCommand,
  eventsListCommand,
  eventsVerifyCommand,
  gatewayKeysCreateCommand,
  gatewayKeysListCommand,
  gatewayKeysRevokeCommand,
  gatewayReloadCommand,
  gatewayRunCommand,
  healthCommand,
  initCommand,
  policyEvalCommand,
  policyLintCommand,
  policyMigrateCommand,
  policyTestCommand,
  versionCommand,
];

/** Command groups (nouns) with their summaries and aliases. */
export const groupSpecs: ReadonlyArray<{ path: string; summary: string; aliases?: readonly string[] }> = [
  { path: 'auth', summary: 'Manage API credentials and profiles' },
  { path: 'config', summary: 'Show the effective CLI configuration and switch profiles' },
  {
    path: 'config-vars',
    summary: 'Manage config variables (provider secrets) on the gateway or control plane',
    aliases: ['config-var'],
  },
  { path: 'events', summary: 'List, export and verify decision events' },
  { path: 'gateway', summary: 'Run and operate gateways' },
  {
    path: 'gateway keys',
    summary: "Create, list and revoke gateway keys (kt_gk_...), the data plane's client credentials",
  },
  { path: 'policy', summary: 'Lint, evaluate, test and migrate policy packs' },
];
