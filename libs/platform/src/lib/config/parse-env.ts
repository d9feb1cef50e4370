import type { z } from 'zod';
import { ConfigError } from './config.error';

export type Env = Record<string, string | undefined>;

/**
 * Validates environment variables against a schema. On failure throws a ConfigError whose message
 * is one line naming each bad variable and what is wrong; values are never echoed (they may be secrets).
 */
export function parseEnv<S extends z.ZodType>(schema: S, env: Env): z.output<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const variable = issue.path.length > 0 ? String(issue.path[0]) : 'environment';
    return `${variable}: ${issue.message}`;
  });
  throw new ConfigError(`Invalid configuration: ${problems.join('; ')}`);
}
