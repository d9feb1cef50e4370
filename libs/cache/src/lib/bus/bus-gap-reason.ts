/**
 * Why the bus may have lost messages: a sequence `gap` from one origin, the subscriber connection
 * dropping (`disconnect`), or it being back and subscribed again (`reconnect`) after such a drop.
 * Whatever the reason, a receiver must treat every L1 entry it holds as possibly stale.
 */
export type BusGapReason = 'gap' | 'reconnect' | 'disconnect';
