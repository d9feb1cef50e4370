import { OptimizationJobs, type OptimizationJobData, type OptimizationJobName } from '@hotpath/contracts';
import { UnrecoverableError } from 'bullmq';
import { z } from 'zod';
import { parseJobData } from '../runtime/parse-job-data';

const payload = z
  .object({
    requestId: z.string().min(1).max(200).optional(),
    scope: z.string().min(1).max(200).optional(),
    requestedBy: z.string().min(1).max(200).optional(),
  })
  .strict() satisfies z.ZodType<OptimizationJobData>;

const NAMES = Object.values(OptimizationJobs) as string[];

/** A `hotpath.optimization` job's name and data, validated; anything else fails without retry. */
export function parseOptimizationJob(name: string, data: unknown): { name: OptimizationJobName; data: OptimizationJobData } {
  if (!NAMES.includes(name)) {
    throw new UnrecoverableError(`unknown optimization job ${name} (expected ${NAMES.join(', ')})`);
  }
  return { name: name as OptimizationJobName, data: parseJobData(payload, data, name) };
}
