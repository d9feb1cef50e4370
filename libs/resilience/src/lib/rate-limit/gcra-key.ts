/**
 * The Redis key of one GCRA bucket, built here and nowhere else: `<prefix>{<limiter>}:<bucket>`.
 * The limiter's name is the hash tag, so in a Redis Cluster all of a limiter's buckets share one
 * slot (one node to watch, one `SCAN` to list them); the script touches a single key, so it
 * would be correct in any slot.
 */
export function gcraKey(prefix: string, limiter: string, bucket: string): string {
  return `${prefix}{${limiter}}:${bucket}`;
}
