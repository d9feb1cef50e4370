/**
 * Every Redis key the transport uses, built here and nowhere else. A service's keys share the
 * `{service}` hash tag, so its streams and presence hash sit in one cluster slot (a Lua script or a
 * MULTI over them stays legal on a clustered queue Redis), and the fixed `hotpath:rpc:` prefix is
 * what the Redis ACL users of docs/deploy.md are granted.
 */
export const KEY_PREFIX = 'hotpath:rpc:';

/** The consumer group every replica of a service reads its streams through. */
export const CONSUMER_GROUP = 'replicas';

export const streamKeys = {
  /** Requests and events for any replica of `service` (competing consumers). */
  requests: (service: string): string => `${KEY_PREFIX}{${service}}:requests`,
  /** Requests addressed to one instance of `service`. */
  instance: (service: string, instanceId: string): string =>
    `${KEY_PREFIX}{${service}}:instance:${instanceId}`,
  /** Hash of instance id → last heartbeat of the live replicas of `service`. */
  presence: (service: string): string => `${KEY_PREFIX}{${service}}:instances`,
  /** Replies to one client, read by that client only. */
  replies: (clientId: string): string => `${KEY_PREFIX}reply:{${clientId}}`,
} as const;

const REPLY_PREFIX = `${KEY_PREFIX}reply:{`;

/** Whether `key` is a reply stream's name, the only kind of key a server writes a reply to. */
export function isReplyStream(key: string): boolean {
  return key.startsWith(REPLY_PREFIX) && key.indexOf('}', REPLY_PREFIX.length) === key.length - 1;
}

/** Service names and instance ids end up inside keys: keep them to a safe alphabet. */
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

export function assertKeyPart(what: string, value: string): void {
  if (!NAME.test(value)) {
    throw new TypeError(`${what} must match ${NAME.source}, got ${JSON.stringify(value)}`);
  }
}
