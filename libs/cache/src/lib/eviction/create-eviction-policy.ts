import type { EvictionPolicy } from './eviction-policy';
import type { EvictionPolicyName } from './eviction-policy-name';
import { LruPolicy } from './lru-policy';
import { WTinyLfuPolicy } from './w-tiny-lfu-policy';
import type { WTinyLfuPolicyOptions } from './w-tiny-lfu-policy-options';

/** The policy named (`tinylfu` when none is): LRU ignores the options W-TinyLFU is built from. */
export function createEvictionPolicy(
  name: EvictionPolicyName | undefined,
  options: WTinyLfuPolicyOptions,
): EvictionPolicy {
  return name === 'lru' ? new LruPolicy() : new WTinyLfuPolicy(options);
}
