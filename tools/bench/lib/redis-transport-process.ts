import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';

const ROOT = join(__dirname, '../../..');

/** A process of redis-transport.server.ts, the transport bench's anchor. */
export interface RedisTransportProcess {
  pid: number;
  /** SIGTERM, then waits for the exit. */
  stop(): Promise<void>;
}

/**
 * Starts the Nest Redis-transport server of `redis-transport.server.ts` from its sources with a
 * replica's environment (`env` over this process's), and resolves once it prints that it is ready.
 */
export async function startRedisTransportServer(
  env: Record<string, string>,
  nodeArgs: string[] = [],
): Promise<RedisTransportProcess> {
  const child = spawn(
    process.execPath,
    [...nodeArgs, '-r', join(ROOT, 'tools/dev/register.cjs'), join(__dirname, 'redis-transport.server.ts')],
    { cwd: ROOT, env: { ...process.env, LOG_LEVEL: 'warn', ...env }, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const exited = once(child, 'exit');
  await new Promise<void>((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (!output.includes('ready ')) return;
      child.stdout?.off('data', onData);
      child.stdout?.resume();
      resolve();
    };
    child.stdout?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`Redis-transport server exited with ${code}: ${output}`)));
  });
  return {
    pid: child.pid as number,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      await exited;
    },
  };
}
