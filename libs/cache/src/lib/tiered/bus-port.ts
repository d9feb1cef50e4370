import type { InvalidationMessage, InvalidationRequest } from '../bus/invalidation-message';

/** What the tiered cache needs of the coherence bus (InvalidationBus implements it). */
export interface BusPort {
  readonly healthy: boolean;
  publish(request: InvalidationRequest): Promise<void>;
  onMessage(handler: (message: InvalidationMessage) => void): () => void;
  onGap(handler: (reason: 'gap' | 'reconnect' | 'disconnect') => void): () => void;
}
