import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { setTimeout as delay } from 'node:timers/promises';
import { join } from 'node:path';
import { redisConnectionOptions } from '@hotpath/platform';
import { freePort } from '@hotpath/testing';
import { Redis, type RedisOptions } from 'ioredis';
import type { IConfigMap, ISecret } from 'kubernetes-models/v1';
import type { IDeployment } from 'kubernetes-models/apps/v1';
import { containerEnv, envSources } from '../../src/container-env';
import { ofKind, rendered } from '../../src/k8s-tree';
import { REDIS_ACLS, renderAcl, type RedisRole } from '../../src/redis-acl';

/** A test-only user with every right, for ACL DRYRUN and for looking at what the apps left. */
export const ADMIN = 'hotpath-test-admin';

/**
 * One Redis of the dev overlay, as its pod would run it: the ConfigMap's redis.conf, and the ACL
 * its init container renders with the ConfigMap's script from the dev Secret's passwords. Started
 * on a free loopback port, plus a test admin user. `connect(app)` opens a connection with the URL
 * that app's Deployment builds (the dev overlay's env, the address pointed at this server) and
 * the options the apps derive from it (`redisConnectionOptions`).
 */
export interface AclRedis {
  port: number;
  admin: Redis;
  /** The URL the app's Deployment gives it (REDIS_URL / QUEUE_REDIS_URL), aimed at this server. */
  url(app: string): string;
  connect(app: string, options?: RedisOptions): Redis;
  /** Connection options for BullMQ and the libraries: those of `url(app)`. */
  options(app: string): ReturnType<typeof redisConnectionOptions>;
  /** Closes every connection opened here and stops the server. */
  stop(): Promise<void>;
}

const READY = 'Ready to accept connections';

function serverVersion(): number[] {
  const out = spawnSync('redis-server', ['--version'], { encoding: 'utf8' }).stdout;
  return (/v=(\d+)\.(\d+)/.exec(out)?.slice(1) ?? ['0', '0']).map(Number);
}

export async function startAclRedis(role: RedisRole): Promise<AclRedis> {
  const dev = rendered('k8s/overlays/dev');
  const { statefulSet, secret, urlVariable } = REDIS_ACLS[role];
  const config = ofKind<IConfigMap>(dev, 'ConfigMap').find((item) =>
    item.metadata?.name?.startsWith(`${statefulSet}-config-`),
  )?.data;
  const passwords = ofKind<ISecret>(dev, 'Secret').find((item) =>
    item.metadata?.name?.startsWith(`${secret}-`),
  )?.data;
  if (!config || !passwords) throw new Error(`dev overlay: no ${statefulSet} config or ${secret}`);

  const dir = mkdtempSync(join(tmpdir(), `hotpath-${statefulSet}-`));
  const script = join(dir, 'render-redis-acl.sh');
  writeFileSync(script, config['render-redis-acl.sh']);
  let acl = renderAcl(
    config['users.acl'],
    Object.fromEntries(
      Object.entries(passwords).map(([user, value]) => [user, Buffer.from(value, 'base64').toString()]),
    ),
    script,
  );
  // CLIENT SETINFO exists from Redis 7.2 (the pods run 7.4); an older local server refuses to load
  // an ACL that names it. ioredis ignores SETINFO's refusal, so the rest is tested unchanged.
  const [major, minor] = serverVersion();
  if (major < 7 || (major === 7 && minor < 2)) acl = acl.replaceAll(' +client|setinfo', '');
  const adminPassword = randomBytes(24).toString('hex');
  writeFileSync(join(dir, 'users.acl'), `${acl}user ${ADMIN} on >${adminPassword} ~* &* +@all\n`, {
    mode: 0o600,
  });
  // The pod's redis.conf, with this machine's paths for the data directory and the ACL file.
  const conf = config['redis.conf']
    .replace(/^dir .*$/m, `dir ${dir}`)
    .replace(/^aclfile .*$/m, `aclfile ${join(dir, 'users.acl')}`);
  writeFileSync(join(dir, 'redis.conf'), conf);

  const port = await freePort();
  const child = spawn(
    'redis-server',
    [
      join(dir, 'redis.conf'),
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--appendonly',
      'no',
      '--save',
      '',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  await waitForReady(child);

  const sources = envSources(dev);
  const hotpathConfig = [...sources.configMaps.entries()].find(([name]) =>
    name.startsWith('hotpath-config-'),
  )?.[1];
  if (!hotpathConfig) throw new Error('dev overlay: no hotpath-config');
  hotpathConfig[role === 'queue' ? 'QUEUE_REDIS_ADDRESS' : 'CACHE_REDIS_ADDRESS'] = `127.0.0.1:${port}`;
  const url = (app: string): string => {
    const deployment = ofKind<IDeployment>(dev, 'Deployment').find((item) => item.metadata?.name === app);
    const container = deployment?.spec?.template.spec?.containers[0];
    const value = container && containerEnv(container, sources)[urlVariable];
    if (!value) throw new Error(`${app}: no ${urlVariable}`);
    return value;
  };

  const clients: Redis[] = [];
  const open = (options: RedisOptions): Redis => {
    const client = new Redis({ maxRetriesPerRequest: 1, ...options });
    client.on('error', () => undefined);
    clients.push(client);
    return client;
  };
  const admin = open({ host: '127.0.0.1', port, username: ADMIN, password: adminPassword });
  return {
    port,
    admin,
    url,
    options: (app) => redisConnectionOptions(url(app)),
    connect: (app, options = {}) => open({ ...redisConnectionOptions(url(app)), ...options }),
    async stop() {
      // Quit what is connected, then disconnect everything: a client left reconnecting to the
      // stopped server would keep Jest from exiting.
      await Promise.all(
        clients.map(async (client) => {
          if (client.status === 'ready') await Promise.race([client.quit().catch(() => 0), delay(1000)]);
          client.disconnect();
        }),
      );
      if (child.exitCode === null && child.signalCode === null) {
        const exited = once(child, 'exit');
        child.kill('SIGKILL');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function waitForReady(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      if (output.includes(READY)) {
        child.stdout?.off('data', onData);
        child.stderr?.off('data', onData);
        child.stdout?.resume();
        child.stderr?.resume();
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`redis-server exited with ${code}: ${output}`)));
  });
}
