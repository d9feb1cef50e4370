import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import {
  FLEET_HOT_KEYS_PREFIX,
  fleetHotKeyKeys,
  WRITE_BEHIND_KEY_PREFIX,
  WriteBehindKeys,
} from '@hotpath/cache';
import { Queues } from '@hotpath/contracts';
import { APPS } from '../src/app-contract';
import { firstContainer, rendered } from '../src/k8s-tree';
import {
  aclUser,
  aclUsers,
  appUsers,
  mayAccess,
  parseAclLines,
  REDIS_ACLS,
  redisGlob,
  renderAcl,
  type RedisRole,
} from '../src/redis-acl';
import { sourceFiles } from '../src/source-files';
import { workspaceRoot } from '../src/workspace-root';

/**
 * The Redis ACL rules of k8s/components/in-cluster-data, read as the pods' render script reads
 * them: each app user's grants, against what the code does. redis-acl.int-spec.ts loads them into
 * a real Redis.
 */

const ROLES = Object.keys(REDIS_ACLS) as RedisRole[];
const root = workspaceRoot();
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** Sources of libs/ and apps/ without their tests and test helpers. */
const appSources = (dir: string) => sourceFiles(dir).filter((path) => !/[/\\]testing[/\\]/.test(path));

/** Where each Redis's keys may live: BullMQ's queues and Hotpath's own prefixes; the L2's `hp:`. */
const KEY_ROOTS: Record<RedisRole, RegExp> = {
  queue: new RegExp(
    `^(?:bull:(?:${Object.values(Queues).map(escape).join('|')}):|hotpath:(?:rl|cache|rpc):)`,
  ),
  cache: /^hp:/,
};

/** Grants that would undo the point of a per-app user. */
const FORBIDDEN_RULES = ['allkeys', 'allchannels', 'allcommands', 'nopass', '+@all', '~*', '&*', '%RW~*'];
/** Commands no app user may be granted by name (redis-acl.int-spec.ts checks what Redis allows). */
const FORBIDDEN_COMMANDS = (
  'keys flushall flushdb config debug shutdown acl monitor save bgsave bgrewriteaof replicaof ' +
  'slaveof module sort migrate restore swapdb failover sync psync client client|kill client|list ' +
  'client|pause client|tracking script script|flush script|kill function randomkey dbsize latency ' +
  'slowlog pubsub lastsave cluster'
).split(' ');

describe.each(ROLES.map((role) => [role]))('the %s Redis ACL', (role) => {
  it('lets a connection without credentials PING and nothing else', () => {
    expect(aclUser(role, 'default').rules).toEqual([
      'on',
      'nopass',
      'resetkeys',
      'resetchannels',
      '-@all',
      '+ping',
    ]);
  });

  it.each(appUsers(role).map((user) => [user.name, user]))(
    '%s starts from nothing and gets no dangerous command, only its own keys and channels',
    (_name, user) => {
      expect(user.rules.slice(0, 4)).toEqual(['on', 'resetkeys', 'resetchannels', '-@all']);
      for (const rule of FORBIDDEN_RULES) expect(user.rules).not.toContain(rule);
      const granted = user.commands.filter((rule) => rule.startsWith('+')).map((rule) => rule.slice(1));
      expect(granted.filter((command) => FORBIDDEN_COMMANDS.includes(command))).toEqual([]);
      // Data commands come from @read and @write, cut back by -@dangerous (KEYS, FLUSHALL, CONFIG,
      // SORT, …) after them; @transaction (MULTI, EXEC, DISCARD, WATCH, UNWATCH) is the only other.
      expect(user.commands.filter((rule) => rule.startsWith('+@'))).toEqual([
        '+@read',
        '+@write',
        '+@transaction',
      ]);
      expect(user.commands.indexOf('-@dangerous')).toBeGreaterThan(user.commands.indexOf('+@write'));
      expect(user.keys.length).toBeGreaterThan(0);
      for (const { pattern } of user.keys)
        expect({ pattern, allowed: KEY_ROOTS[role].test(pattern) }).toEqual({ pattern, allowed: true });
      for (const channel of user.channels) expect(channel).toMatch(/^hotpath:[a-z:]+$/);
    },
  );

  it('has a user for every app that connects to it, and one for no other', () => {
    const dev = rendered('k8s/overlays/dev');
    const connecting = APPS.filter((app) =>
      firstContainer(dev, 'Deployment', app).env?.some(
        (variable) => variable.name === REDIS_ACLS[role].urlVariable,
      ),
    );
    expect(
      appUsers(role)
        .map((user) => user.name)
        .sort(),
    ).toEqual([...connecting].sort());
  });
});

describe('the queue Redis grants follow what each app does', () => {
  const users = appUsers('queue');

  it.each(users.map((user) => [user.name, user]))(
    '%s serves its own transport streams and reports to the performance-service without reading it',
    (name, user) => {
      for (const key of ['requests', 'instance:pod-1', 'instances']) {
        expect(mayAccess(user, `hotpath:rpc:{${name}}:${key}`, 'R')).toBe(true);
        expect(mayAccess(user, `hotpath:rpc:{${name}}:${key}`, 'W')).toBe(true);
      }
      expect(mayAccess(user, 'hotpath:rpc:reply:{0d8f5c1e-3b7a-4f11-9a53-6c2d8e4b7f90}', 'W')).toBe(true);
      expect(mayAccess(user, 'hotpath:rpc:{performance-service}:requests', 'W')).toBe(true);
      expect(mayAccess(user, 'hotpath:rl:auth-service', 'W')).toBe(true);
      // Requests carry their caller's API key: no app reads another service's request streams.
      for (const other of APPS.filter((app) => app !== name)) {
        expect(mayAccess(user, `hotpath:rpc:{${other}}:requests`, 'R')).toBe(false);
        expect(mayAccess(user, `hotpath:rpc:{${other}}:instance:pod-1`, 'R')).toBe(false);
        expect(mayAccess(user, `hotpath:rpc:{${other}}:instances`, 'W')).toBe(false);
      }
    },
  );

  it('lets the performance-service call the cache-service and profile any instance', () => {
    const performance = aclUser('queue', 'performance-service');
    for (const service of ['cache-service', 'optimization-worker']) {
      expect(mayAccess(performance, `hotpath:rpc:{${service}}:requests`, 'W')).toBe(true);
      expect(mayAccess(performance, `hotpath:rpc:{${service}}:instance:pod-1`, 'W')).toBe(true);
      expect(mayAccess(performance, `hotpath:rpc:{${service}}:instances`, 'R')).toBe(true);
    }
  });

  it.each(APPS.map((app) => [app]))(
    'grants %s every BullMQ queue its source names, under BullMQ’s default prefix',
    (app) => {
      const files = appSources(join(root, 'apps', app, 'src'));
      const text = files.map((file) => readFileSync(file, 'utf8')).join('\n');
      const named = text.includes('Object.values(Queues)')
        ? Object.values(Queues)
        : [...text.matchAll(/\bQueues\.(\w+)/g)].map((match) => Queues[match[1] as keyof typeof Queues]);
      const user = aclUser('queue', app);
      for (const queue of new Set(named)) {
        const granted = mayAccess(user, `bull:${queue}:wait`, 'W') && mayAccess(user, `bull:${queue}:1`, 'R');
        expect({ queue, granted }).toEqual({ queue, granted: true });
      }
      // The patterns are for the default prefix `bull`: a `prefix` option would move every key.
      for (const file of files.filter((path) => readFileSync(path, 'utf8').includes('BullModule.forRoot'))) {
        const prefix = /\bprefix\s*:/.test(readFileSync(file, 'utf8'));
        expect({ file: relative(root, file), prefix }).toEqual({ file: relative(root, file), prefix: false });
      }
    },
  );

  it('grants the write-behind queue to its producer and flusher, the statistics and policy changes to the cache-service', () => {
    const writers = (key: string) =>
      users
        .filter((user) => mayAccess(user, key, 'W'))
        .map((user) => user.name)
        .sort();
    expect(writers('bull:hotpath.write-behind:wait')).toEqual(['cache-service', 'optimization-worker']);
    expect(writers('bull:hotpath.optimization:wait')).toEqual(['optimization-worker', 'performance-service']);
    expect(writers('hotpath:cache:stats:latest')).toEqual(['cache-service']);
    // The bus: the cache-service's instances and the worker's cache warming (it publishes what it
    // warms and drops its L1 copies on the others' messages); policy changes are the cache-service's.
    expect(Object.fromEntries(users.map((user) => [user.name, user.channels]))).toEqual({
      'cache-service': ['hotpath:cache:bus', 'hotpath:cache:policies'],
      'performance-service': [],
      'optimization-worker': ['hotpath:cache:bus'],
    });
  });

  it('lets the worker read the hot-key lists the cache-service publishes, and write none of them', () => {
    const namespace = 'auth';
    const keys = [
      fleetHotKeyKeys.instances(FLEET_HOT_KEYS_PREFIX, namespace),
      fleetHotKeyKeys.instance(FLEET_HOT_KEYS_PREFIX, namespace, 'cache-service-7d9f-x2'),
    ];
    for (const key of keys) {
      const access = Object.fromEntries(
        users.map((user) => [user.name, [mayAccess(user, key, 'R'), mayAccess(user, key, 'W')]]),
      );
      expect({ key, access }).toEqual({
        key,
        access: {
          'cache-service': [true, true],
          'performance-service': [false, false],
          'optimization-worker': [true, false],
        },
      });
    }
    // A read-only key fails inside a Lua script (Redis checks a script's keys as read-write): the
    // hot-key code reads and writes with plain commands and MULTI only.
    const hotKeySources = appSources(join(root, 'libs/cache/src/lib/hot-keys'));
    expect(hotKeySources.length).toBeGreaterThan(0);
    for (const file of hotKeySources)
      expect({
        file: relative(root, file),
        script: /defineCommand|\.eval(sha)?\(|\.lua['"]/.test(readFileSync(file, 'utf8')),
      }).toEqual({
        file: relative(root, file),
        script: false,
      });
  });

  it('grants write-behind’s staging keys read-write to the cache-service and the worker, as their scripts need', () => {
    const keys = new WriteBehindKeys();
    const staging = [...Object.values(keys.of('orders')), keys.namespaces()];
    expect(staging.every((key) => key.startsWith(`${WRITE_BEHIND_KEY_PREFIX}:`))).toBe(true);
    for (const key of staging) {
      const access = Object.fromEntries(
        users.map((user) => [
          user.name,
          // Read-write through one `~` pattern: stage-write.lua, claim-batch.lua and ack-batch.lua
          // name these keys, and Redis checks every key a script names for both.
          user.keys.some((grant) => grant.access === 'RW' && redisGlob(grant.pattern).test(key)),
        ]),
      );
      expect({ key, access }).toEqual({
        key,
        access: { 'cache-service': true, 'performance-service': false, 'optimization-worker': true },
      });
    }
  });

  it('covers every Redis key and channel the libraries and apps name (hotpath:…)', () => {
    // Literals that name something other than a Redis key: Nest metadata keys, PostgreSQL locks.
    // PostgreSQL advisory locks: the migrations' and the worker's query analysis (hashtext).
    const notRedis = ['hotpath:public', 'hotpath:scopes', 'hotpath:migrations:', 'hotpath:query-analysis'];
    const patterns = ROLES.flatMap((role) =>
      aclUsers(role).flatMap((user) => [...user.keys.map((grant) => grant.pattern), ...user.channels]),
    );
    const literals = new Set(
      [...appSources(join(root, 'libs')), ...appSources(join(root, 'apps'))].flatMap((file) =>
        [...readFileSync(file, 'utf8').matchAll(/['"`](hotpath:[A-Za-z0-9:{}._*-]*)/g)].map(
          (match) => match[1],
        ),
      ),
    );
    expect(literals.size).toBeGreaterThan(3);
    // A literal may be a whole key or a prefix that code completes (`hotpath:rl:` + the key name).
    const covered = (literal: string) =>
      patterns.some(
        (pattern) =>
          redisGlob(pattern).test(literal) ||
          redisGlob(pattern).test(`${literal}x`) ||
          pattern.startsWith(literal),
      );
    expect([...literals].filter((literal) => !notRedis.includes(literal) && !covered(literal))).toEqual([]);
  });
});

describe('the cache Redis grants follow what each app does', () => {
  /** The apps whose code opens the cache Redis: the L2 client (CACHE_REDIS) or REDIS_URL's config. */
  const openers = APPS.filter((app) =>
    appSources(join(root, 'apps', app, 'src')).some((file) =>
      /\bCACHE_REDIS\b|\bredis\.(url|clusterNodes)\b/.test(readFileSync(file, 'utf8')),
    ),
  );

  it('has a user for every app whose code opens it (the cache-service, the worker’s cache warming)', () => {
    expect([...openers].sort()).toEqual(['cache-service', 'optimization-worker']);
    expect(
      appUsers('cache')
        .map((user) => user.name)
        .sort(),
    ).toEqual([...openers].sort());
  });

  it('gives every user the L2 keys only, and SCAN to the cache-service alone (GET /keys, POST /clear)', () => {
    for (const user of appUsers('cache')) {
      expect({ user: user.name, keys: user.keys }).toEqual({
        user: user.name,
        keys: [{ access: 'RW', pattern: 'hp:*' }],
      });
      expect(user.channels).toEqual([]);
    }
    expect(aclUser('cache', 'cache-service').commands).not.toContain('-scan');
    expect(aclUser('cache', 'optimization-worker').commands).toContain('-scan');
    // Otherwise the same commands: the L2 tier's reads, writes, lock script, and a Cluster's redirects.
    expect(aclUser('cache', 'optimization-worker').commands.filter((rule) => rule !== '-scan')).toEqual(
      aclUser('cache', 'cache-service').commands,
    );
  });
});

describe('render-redis-acl.sh', () => {
  const rules = readFileSync(join(root, REDIS_ACLS.queue.rules), 'utf8');
  const passwords = Object.fromEntries(
    appUsers('queue').map((user) => [user.name, `test-${user.name}-${'0'.repeat(32)}`]),
  );
  const without = (user: string) =>
    Object.fromEntries(Object.entries(passwords).filter(([name]) => name !== user));

  it('gives each user the SHA-256 of its password and never the password itself', () => {
    const text = renderAcl(rules, passwords);
    for (const password of Object.values(passwords)) expect(text).not.toContain(password);
    const lines = parseAclLines(text);
    expect(lines.map((line) => line.name)).toEqual(['default', ...Object.keys(passwords)]);
    for (const line of lines.filter((user) => user.name !== 'default')) {
      const hash = createHash('sha256').update(passwords[line.name]).digest('hex');
      expect(line.rules.at(-1)).toBe(`#${hash}`);
      expect(line.rules.slice(0, -1)).toEqual(aclUser('queue', line.name).rules);
    }
  });

  it.each([
    ['a user without a password', without('performance-service'), /user performance-service: no password/],
    [
      'a password ending with a newline',
      { ...passwords, 'cache-service': `${passwords['cache-service']}\n` },
      /user cache-service: .*newline/,
    ],
    [
      'a password that is not URL-safe',
      { ...passwords, 'cache-service': `${'x'.repeat(32)}@host` },
      /user cache-service: .*only A-Z/,
    ],
    [
      'a short password',
      { ...passwords, 'cache-service': 'short-password' },
      /user cache-service: .*shorter than 32/,
    ],
  ])('refuses %s', (_case, given, message) => {
    expect(() => renderAcl(rules, given)).toThrow(message);
  });

  it('refuses rules that hold a password', () => {
    expect(() => renderAcl('user cache-service on >secret-in-git -@all\n', passwords)).toThrow(
      /a password in the rules/,
    );
  });
});
