/** One upstream of a balancer. */
export interface UpstreamOptions {
  /** Base URL, e.g. `http://10.0.0.7:8080`. */
  url: string;
  /** Relative share for the weighted algorithms (default 1). */
  weight?: number;
  /** Stable id for hashing and metrics (default: the URL). */
  id?: string;
}
