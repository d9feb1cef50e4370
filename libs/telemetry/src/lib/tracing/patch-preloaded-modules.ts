import type * as NodeModule from 'node:module';
import { join } from 'node:path';

// Fetched at run time: webpack rewrites a static `createRequire` import into its own require.
const { createRequire } = (
  process as unknown as { getBuiltinModule(id: 'node:module'): typeof NodeModule }
).getBuiltinModule('node:module');

/** Modules patched by the instrumentations of {@link createInstrumentations}. */
const INSTRUMENTED_PACKAGES = ['ioredis', 'pg', 'pg-pool'];
const INSTRUMENTED_BUILTINS = ['http', 'https'];

/**
 * Instrumentation patches a CommonJS module when it is `require`d AFTER the hooks are installed; a
 * module loaded earlier stays unpatched until somebody requires it again. In a webpack bundle that
 * second require never comes (the bundle keeps its own reference), yet importing any `@hotpath` lib
 * can load ioredis before `startTelemetry()` runs. Requiring the already-loaded targets once more,
 * from the app's point of view, lets the hooks patch their shared exports in place: ioredis and pg
 * are patched on their prototypes, so clients created earlier are traced too. Packages that are not
 * loaded are left alone (nothing is loaded that the app does not use).
 */
export function patchPreloadedModules(): void {
  const requires = [process.argv[1], join(process.cwd(), 'index.js')]
    .filter((base): base is string => base !== undefined && base !== '')
    .map((base) => createRequire(base));

  for (const nodeRequire of requires) {
    for (const name of INSTRUMENTED_BUILTINS) {
      nodeRequire(name);
    }
    for (const name of INSTRUMENTED_PACKAGES) {
      const resolved = tryResolve(nodeRequire, name);
      if (resolved !== undefined && nodeRequire.cache[resolved] !== undefined) {
        nodeRequire(name);
      }
    }
  }
}

function tryResolve(nodeRequire: NodeJS.Require, name: string): string | undefined {
  try {
    return nodeRequire.resolve(name);
  } catch {
    return undefined; // not installed where the app runs: nothing to patch
  }
}
