// Starts each built bundle (dist/apps/<app>/main.js) as production would, checks /health/ready and
// that SIGTERM shuts it down, so a bundling mistake fails `npm test` and not a deployment.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';

const APPS = {
  'cache-service': 'CACHE_SERVICE_PORT',
  'performance-service': 'PERFORMANCE_SERVICE_PORT',
  'optimization-worker': 'WORKER_HEALTH_PORT',
};

function freePort() {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function smoke(app, portVariable) {
  const port = await freePort();
  const child = spawn(process.execPath, [`dist/apps/${app}/main.js`], {
    env: { ...process.env, [portVariable]: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'info', HOTPATH_API_KEYS: '[]', HOTPATH_SERVICE_API_KEY: 'smoke-service-key-not-configured' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const exited = once(child, 'exit');
  const listening = new Promise((resolve, reject) => {
    child.stdout.on('data', () => output.includes('listening on http') && resolve());
    exited.then(() => reject(new Error(`${app} exited before listening:\n${output}`)));
    setTimeout(() => reject(new Error(`${app} did not listen within 60 s:\n${output}`)), 60_000).unref();
  });
  await listening;
  // Readiness may trail listening by a moment, as a readiness probe allows; 10 s is far beyond it.
  const deadline = Date.now() + 10_000;
  let ready = await fetch(`http://127.0.0.1:${port}/health/ready`);
  while (ready.status !== 200 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    ready = await fetch(`http://127.0.0.1:${port}/health/ready`);
  }
  if (ready.status !== 200) throw new Error(`${app} /health/ready answered ${ready.status}: ${await ready.text()}`);
  child.kill('SIGTERM');
  const [code, signal] = await exited;
  if (code !== 0 && signal !== 'SIGTERM') throw new Error(`${app} ended with ${code ?? signal} on SIGTERM:\n${output}`);
  console.log(`smoke: ${app} started from its bundle, was ready, and stopped on SIGTERM`);
}

for (const [app, portVariable] of Object.entries(APPS)) await smoke(app, portVariable);

// A malformed variable stops the process at start with one line naming it.
const refused = spawn(process.execPath, ['dist/apps/cache-service/main.js'], {
  env: { ...process.env, CACHE_SERVICE_PORT: 'not-a-port' },
  stdio: ['ignore', 'pipe', 'pipe'],
});
let stderr = '';
refused.stderr.on('data', (chunk) => (stderr += chunk));
const [code] = await once(refused, 'exit');
const lines = stderr.trim().split('\n');
if (code !== 1 || lines.length !== 1 || !lines[0].includes('CACHE_SERVICE_PORT')) {
  throw new Error(`a bad CACHE_SERVICE_PORT should exit 1 with one line naming it; got ${code}: ${stderr}`);
}
console.log(`smoke: a bad variable stops the service with one line: ${lines[0]}`);
