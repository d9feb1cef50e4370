import { CacheError } from '../errors/cache.error';

/** Where a paged scan stands: which master (in the sorted master list) and its SCAN cursor. */
interface ScanPosition {
  master: number;
  cursor: string;
}

const SHAPE = /^(\d{1,4}):(\d{1,20})$/;

/** The opaque, base64url `nextCursor` of `scanKeys`: `<master index>:<SCAN cursor>` inside. */
export const scanCursor = {
  encode(position: ScanPosition): string {
    return Buffer.from(`${position.master}:${position.cursor}`).toString('base64url');
  },

  /** @throws CacheError `INVALID_CURSOR` when `text` is not a cursor `encode` made. */
  decode(text: string): ScanPosition {
    const match = SHAPE.exec(Buffer.from(text, 'base64url').toString());
    if (!match) throw new CacheError('INVALID_CURSOR', 'the cursor is not one this service returned');
    return { master: Number(match[1]), cursor: match[2] };
  },
};
