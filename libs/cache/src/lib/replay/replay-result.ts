export interface ReplayResult {
  requests: number;
  hits: number;
  /** hits / requests, 0 for an empty trace. */
  hitRatio: number;
}
