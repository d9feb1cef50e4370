/**
 * What one cache instance tells the others so that they drop L1 copies. `origin` is the sending
 * instance (it ignores its own messages), `seq` its per-instance sequence number (gaps reveal lost
 * messages).
 */
export type InvalidationMessage =
  | { kind: 'keys'; namespace: string; keys: string[]; origin: string; seq: number }
  | { kind: 'pattern'; namespace: string; pattern: string; origin: string; seq: number }
  | { kind: 'tags'; namespace: string; tags: string[]; origin: string; seq: number }
  | { kind: 'namespace'; namespace: string; origin: string; seq: number };

/** A message before the bus stamps it with `origin` and `seq`. */
export type InvalidationRequest = DistributiveOmit<InvalidationMessage, 'origin' | 'seq'>;

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
