import type { PoolSnapshot } from '../health/pool-snapshot';
import type { PoolStatus } from '../health/pool-status';

/** Health and numbers of a {@link PoolCluster}. */
export interface ClusterSnapshot {
  /** The primary's status; `degraded` as well when the primary is up but a replica is skipped or not up. */
  status: PoolStatus;
  primary: PoolSnapshot;
  replicas: (PoolSnapshot & { skipped: boolean })[];
  /** Reads sent to the primary because no replica was healthy (cumulative). */
  readsOnPrimary: number;
}
