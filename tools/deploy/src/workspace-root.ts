import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The Nx workspace root: the nearest directory at or above `from` that holds nx.json. */
export function workspaceRoot(from: string = process.cwd()): string {
  let dir = from;
  while (!existsSync(join(dir, 'nx.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no nx.json at or above ${from}`);
    dir = parent;
  }
  return dir;
}
