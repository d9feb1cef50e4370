import type { WriteBehindJobData } from '@hotpath/contracts';
import { CacheError } from '../errors/cache.error';
import type { WriteBehindQueue } from '../write-behind/write-behind-queue';
import type { SourceWriter } from './cache-hit';

/** Write-through: the namespace's writer runs first; if it fails nothing is cached (WRITER_FAILED). */
export async function writeThrough(
  writers: Record<string, SourceWriter> | undefined,
  namespace: string,
  key: string,
  value: unknown | null,
): Promise<void> {
  const writer = writers?.[namespace];
  if (!writer)
    throw new CacheError('WRITER_FAILED', `namespace ${namespace} is write-through but has no writer`);
  try {
    await writer(key, value);
  } catch (error) {
    throw new CacheError('WRITER_FAILED', `the writer of ${namespace} failed; nothing was cached`, {
      cause: error,
    });
  }
}

/** Write-behind: the entry must be durably queued before the write is acknowledged. */
export async function enqueueWriteBehind(
  queue: WriteBehindQueue | undefined,
  entry: WriteBehindJobData,
): Promise<void> {
  if (!queue) {
    throw new CacheError(
      'WRITER_FAILED',
      `namespace ${entry.namespace} is write-behind but no queue is configured`,
    );
  }
  await queue.enqueue(entry);
}
