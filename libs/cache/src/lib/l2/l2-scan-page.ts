/** One page of `RedisL2Tier.scanKeys`; `nextCursor` is null once every master has been scanned. */
export interface L2ScanPage {
  keys: string[];
  nextCursor: string | null;
}
