import type { Upstream } from './upstream';

/** Resolves when `upstream` is healthy, rejects (or resolves false) when it is not. */
export type HealthProbe = (upstream: Upstream, signal: AbortSignal) => Promise<boolean | void>;
