import type { WriteBehindJobData } from '@hotpath/contracts';
import { CacheError } from '../errors/cache.error';
import type { CachePolicy } from '../policy/cache-policy';
import type { WriteBehindQueue } from '../write-behind/write-behind-queue';
import type { SourceWriter } from './cache-hit';

/**
 * Write-through (a no-op under any other strategy): the namespace's writer runs before the write or
 * delete (`value` null) is stored; if it fails nothing is cached (WRITER_FAILED).
 */
export async function writeThrough(
  writers: Record<string, SourceWriter> | undefined,
  policy: CachePolicy,
  key: string,
  value: unknown | null,
): Promise<void> {
  if (policy.strategy !== 'write-through') return;
  const { namespace } = policy;
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

/**
 * Write-behind (a no-op under any other strategy): the entry is durably staged before the write is
 * acknowledged, and before it is cached, so that a write the producer refuses (a backlog past its
 * bound) leaves the cache as it was.
 */
export async function enqueueWriteBehind(
  queue: WriteBehindQueue | undefined,
  policy: CachePolicy,
  entry: WriteBehindJobData,
): Promise<void> {
  if (policy.strategy !== 'write-behind') return;
  if (!queue) {
    throw new CacheError(
      'WRITER_FAILED',
      `namespace ${entry.namespace} is write-behind but no queue is configured`,
    );
  }
  await queue.enqueue(entry, policy);
}
