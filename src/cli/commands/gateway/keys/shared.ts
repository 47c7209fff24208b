/**
 * Helpers shared by the gateway-keys commands: argument checks (before any request), the one-line
 * description of a key's identity, and a 404 on a key id reported as the user's input error (exit 3).
 */
import type { GatewayKeyMeta } from '../../../../api/validate.js';
import { stripControls } from '../../../../api/redact.js';
import { KtError, notFoundAs } from '../../../errors.js';

/** Key ids as the gateway makes them (`gk_` + hex); any id of the path alphabet is sent, others are refused here. */
const KEY_ID = /^[A-Za-z0-9_]{1,64}$/;

export function checkKeyId(id: string | undefined): string {
  if (id === undefined || !KEY_ID.test(id)) {
    throw new KtError('usage.invalid_id', `gateway key id "${stripControls(id ?? '')}" is not valid`, {
      hint: 'ids look like gk_5f2c9a0d1e3b4c6a; see `kt gateway keys list`',
    });
  }
  return id;
}

/** "user ana, role analyst, team risk" (absent attributes left out). */
export function identityOf(meta: Pick<GatewayKeyMeta, 'user' | 'role' | 'team'>): string {
  return stripControls(
    [
      `user ${meta.user}`,
      ...(meta.role ? [`role ${meta.role}`] : []),
      ...(meta.team ? [`team ${meta.team}`] : []),
    ].join(', '),
  );
}

/** Runs `fn`, turning a 404 into `input.not_found` naming the key. */
export function namedKey<T>(id: string, fn: () => Promise<T>): Promise<T> {
  return notFoundAs(`gateway key ${id} does not exist`, 'see `kt gateway keys list`', fn);
}
