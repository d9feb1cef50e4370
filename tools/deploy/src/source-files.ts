import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/** The TypeScript sources under `dir` (libs/, apps/), without their tests. */
export function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter(
      (entry) =>
        entry.isFile() && entry.name.endsWith('.ts') && !/\.(spec|int-spec|e2e-spec)\.ts$/.test(entry.name),
    )
    .map((entry) => join(entry.parentPath, entry.name));
}
