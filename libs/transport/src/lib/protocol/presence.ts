import type { Redis } from 'ioredis';
import { streamKeys } from '../protocol/stream-keys';

/** A replica that has not beaten for this many heartbeats is taken for dead. */
const MISSED_BEATS = 3;

export interface LiveInstance {
  instanceId: string;
  lastSeen: number;
}

/**
 * The live replicas of a service: each beats into one hash (`instance id → epoch ms`); readers
 * drop what has not beaten lately. A request addressed to one instance needs its id from here.
 */
export async function liveInstances(redis: Redis, service: string, beatMs: number): Promise<LiveInstance[]> {
  const beats = await redis.hgetall(streamKeys.presence(service));
  const since = Date.now() - beatMs * MISSED_BEATS;
  return Object.entries(beats)
    .map(([instanceId, at]) => ({ instanceId, lastSeen: Number(at) }))
    .filter((instance) => instance.lastSeen >= since)
    .sort((a, b) => a.instanceId.localeCompare(b.instanceId));
}

export function beat(redis: Redis, service: string, instanceId: string): Promise<unknown> {
  return redis.hset(streamKeys.presence(service), instanceId, String(Date.now()));
}

/**
 * Forgets replicas that stopped beating long ago: their presence entry and their own request
 * stream (requests addressed to a dead instance can only time out at their callers).
 */
export async function forgetDeadInstances(redis: Redis, service: string, beatMs: number): Promise<number> {
  const beats = await redis.hgetall(streamKeys.presence(service));
  const before = Date.now() - beatMs * MISSED_BEATS * 10;
  const dead = Object.entries(beats)
    .filter(([, at]) => Number(at) < before)
    .map(([instanceId]) => instanceId);
  if (dead.length === 0) return 0;
  await redis.hdel(streamKeys.presence(service), ...dead);
  await redis.del(...dead.map((instanceId) => streamKeys.instance(service, instanceId)));
  return dead.length;
}
