/** Messages between the stampede section (parent) and its worker processes. */
export interface StampedeConfig {
  type: 'config';
  mode: 'hotpath' | 'bentocache';
  index: number;
  prefix: string;
  namespace: string;
  callsPerProcess: number;
  loaderMs: number;
}

export interface StampedeGo {
  type: 'go';
  key: string;
  /** Redis key the loader INCRs: the count of loader calls of this round, across processes. */
  counterKey: string;
  /** Epoch ms at which every process fires its calls. */
  at: number;
}

export interface StampedeDone {
  type: 'done';
  index: number;
  /** Calls that resolved with a value, and which loader result (`n`) they got. */
  values: Record<string, number>;
  tiers: Record<string, number>;
  errors: number;
  firstError?: string;
  elapsedMs: number;
  /** Hotpath only, this round: loader runs, coalesced calls and L2 errors of this process. */
  counters?: { loads: number; coalesced: number; l2Errors: number };
}

export type ToWorker = StampedeConfig | StampedeGo | { type: 'exit' };
export type ToParent = { type: 'ready'; index: number } | StampedeDone;
