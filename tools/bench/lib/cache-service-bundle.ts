import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';

const ROOT = join(__dirname, '../../..');

/** A cache-service process started from its built bundle. */
export interface BundleProcess {
  pid: number;
  port: number;
  /** SIGTERM, then waits for the exit (graceful shutdown, and a `--cpu-prof` profile, included). */
  stop(): Promise<void>;
}

/**
 * Starts `dist/apps/cache-service/main.js` (`npx nx build cache-service` first) on `port`, with
 * request logs off (`LOG_LEVEL=warn`) and `env` over this process's environment, and resolves once
 * `/health/ready` answers 200. `nodeArgs` go to node before the script (e.g. `--cpu-prof`).
 */
export async function startCacheServiceBundle(
  port: number,
  env: Record<string, string>,
  nodeArgs: string[] = [],
): Promise<BundleProcess> {
  const child = spawn(process.execPath, [...nodeArgs, join(ROOT, 'dist/apps/cache-service/main.js')], {
    env: { ...process.env, CACHE_SERVICE_PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = once(child, 'exit');
  for (let attempt = 0; ; attempt++) {
    const ready = await fetch(`http://127.0.0.1:${port}/health/ready`).then(
      (response) => response.ok,
      () => false,
    );
    if (ready) break;
    if (child.exitCode !== null) throw new Error(`cache-service exited with ${child.exitCode} during start`);
    if (attempt === 600) throw new Error('cache-service not ready after 60 s');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    pid: child.pid as number,
    port,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      await exited;
    },
  };
}
