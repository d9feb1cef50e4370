import type { InvalidationRequest } from '../bus/invalidation-message';
import { compileKeyGlob } from '../policy/key-glob';
import type { CacheStatistics } from '../stats/cache-statistics';
import { applyInvalidation, applyInvalidationToL2 } from './apply-invalidation';
import type { BusPort } from './bus-port';
import type { L2Access } from './l2-access';
import type { NamespaceRegistry } from './namespace-registry';

/**
 * The instances' L1 copies kept honest over the bus. Every write, delete and invalidation is
 * published. A message from another instance drops the matching entries of that namespace's L1 if
 * this instance holds it (and wakes the getOrLoad waiters of the keys it wrote); a gap or an outage
 * drops every L1 store.
 */
export class Coherence {
  constructor(
    private readonly bus: BusPort | undefined,
    private readonly namespaces: NamespaceRegistry,
    private readonly l2Access: L2Access,
    statistics: CacheStatistics,
    landed: (namespace: string, keys: string[]) => void,
  ) {
    bus?.onMessage((message) => {
      if (message.kind === 'keys') landed(message.namespace, message.keys);
      const l1 = namespaces.held(message.namespace)?.l1;
      if (l1) applyInvalidation(l1, message);
    });
    bus?.onGap(() => {
      statistics.busGaps++;
      namespaces.clearL1();
    });
  }

  publish(request: InvalidationRequest): void {
    // A lost publish is covered by the receivers: their subscriber is down too, and they drop L1 on reconnect.
    this.bus?.publish(request).catch(() => undefined);
  }

  /**
   * Drops from this L1, then L2, then tells every instance; counts what L2 held (L1 without L2).
   * A namespace this instance does not hold has nothing in its L1, and is not held for this.
   */
  async invalidate(request: InvalidationRequest): Promise<number> {
    // A bad glob is refused (400) before anything is dropped or published: every instance would throw on it.
    if (request.kind === 'pattern') compileKeyGlob(request.pattern);
    const state = this.namespaces.forRead(request.namespace);
    const local = state.l1 ? applyInvalidation(state.l1, request) : 0;
    const shared = state.usesL2
      ? await this.l2Access.call(state, (l2) => applyInvalidationToL2(l2, request, state.policy.hashTag))
      : 0;
    this.publish(request);
    return state.usesL2 ? shared : local;
  }
}
