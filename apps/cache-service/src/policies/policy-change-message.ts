import { NAMESPACE_PATTERN } from '@hotpath/cache';

/** Redis pub/sub channel on which an instance announces a policy it has just written. */
export const POLICY_CHANGES_CHANNEL = 'hotpath:cache:policies';

/**
 * What an instance publishes after a write: only which namespace changed and to which version.
 * Receivers read the policy itself from PostgreSQL, so a forged or stale message cannot set one.
 */
export interface PolicyChangeMessage {
  namespace: string;
  version: number;
}

/** The message, or undefined for anything that is not one (receivers ignore those). */
export function parsePolicyChangeMessage(raw: string): PolicyChangeMessage | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const { namespace, version } = parsed as Record<string, unknown>;
  if (typeof namespace !== 'string' || !NAMESPACE_PATTERN.test(namespace)) return undefined;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) return undefined;
  return { namespace, version };
}
