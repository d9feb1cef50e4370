import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The workspace root: the nearest folder above the working directory that holds nx.json. */
function workspaceRoot(from = process.cwd()): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'nx.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no nx.json above ${from}`);
  }
}

const ROOT = workspaceRoot();

/** A Hotpath service running from its sources in a process of its own, as it runs in production. */
export interface ServiceProcess {
  /** Everything the process printed so far. */
  output(): string;
  /** SIGTERM, then waits for the exit (graceful shutdown included). */
  stop(): Promise<number | null>;
  /** SIGKILL (a crash: nothing runs after it), then waits for the exit. */
  kill(): Promise<void>;
}

/**
 * Starts `apps/<app>/src/main.ts` with the given environment and resolves once it logs that it
 * listens, or rejects with its output if it exits first.
 */
export async function startServiceProcess(app: string, env: Record<string, string>): Promise<ServiceProcess> {
  const child = spawn(
    process.execPath,
    ['-r', join(ROOT, 'tools/dev/register.cjs'), join(ROOT, `apps/${app}/src/main.ts`)],
    {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'info', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await listening(child, () => output);
  return {
    output: () => output,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      const [code] = await exited;
      return code as number | null;
    },
    async kill() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGKILL');
      await exited;
    },
  };
}

function listening(child: ChildProcess, output: () => string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onData = (): void => {
      if (!output().includes('listening on http')) return;
      child.stdout?.off('data', onData);
      resolve();
    };
    child.stdout?.on('data', onData);
    child.once('exit', (code) =>
      reject(new Error(`service exited with ${code} before listening:\n${output()}`)),
    );
  });
}
