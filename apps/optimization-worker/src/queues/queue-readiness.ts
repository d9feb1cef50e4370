import type { ReadinessCheck } from '@hotpath/platform';
import type { Queue } from 'bullmq';

/** Ready when the queue's own BullMQ connection answers PING. */
export function queueReadiness(queue: Queue): ReadinessCheck {
  return {
    name: `bullmq:${queue.name}`,
    async check() {
      const client = await queue.getBackend().client;
      if (client.status !== 'ready') throw new Error(`connection is ${client.status}`);
      await client.runCommand('ping', []);
    },
  };
}
