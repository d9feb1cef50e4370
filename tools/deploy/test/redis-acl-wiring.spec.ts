import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { IStatefulSet } from 'kubernetes-models/apps/v1';
import type { IConfigMap, ISecret } from 'kubernetes-models/v1';
import { APPS } from '../src/app-contract';
import { containerEnv, envSources, unknownSecret } from '../src/container-env';
import { firstContainer, ofKind, rendered } from '../src/k8s-tree';
import { appUsers, REDIS_ACLS, RENDER_SCRIPT, type RedisRole } from '../src/redis-acl';
import { workspaceRoot } from '../src/workspace-root';

/**
 * How the ACL users reach the pods: each Deployment's Redis URL names its own user and takes the
 * password from the Secret the in-cluster Redis renders its ACL from, and no password is written
 * anywhere in k8s/ or docker/.
 */

const ROLES = Object.keys(REDIS_ACLS) as RedisRole[];
const root = workspaceRoot();
const read = (path: string) => readFileSync(join(root, path), 'utf8');
const secretData = (objects: ReturnType<typeof rendered>, prefix: string): Record<string, string> => {
  const secret = ofKind<ISecret>(objects, 'Secret').find((item) =>
    item.metadata?.name?.startsWith(`${prefix}-`),
  );
  return Object.fromEntries(
    Object.entries(secret?.data ?? {}).map(([key, value]) => [key, Buffer.from(value, 'base64').toString()]),
  );
};

describe('Deployments reach Redis as their own ACL user', () => {
  const dev = rendered('k8s/overlays/dev');
  const prod = rendered('k8s/overlays/prod');
  const cases = APPS.flatMap((app) => ROLES.map((role) => [app, role] as [string, RedisRole])).filter(
    ([app, role]) => appUsers(role).some((user) => user.name === app),
  );

  it.each(cases)(
    '%s builds its %s Redis URL from the ConfigMap’s address and its password from the Secret',
    (app, role) => {
      const { secret, urlVariable } = REDIS_ACLS[role];
      const prefix = role === 'queue' ? 'QUEUE_REDIS' : 'CACHE_REDIS';
      const env = firstContainer(prod, 'Deployment', app).env ?? [];
      const password = env.findIndex((variable) => variable.name === `${prefix}_PASSWORD`);
      const url = env.findIndex((variable) => variable.name === urlVariable);
      expect(env[password]?.valueFrom?.secretKeyRef).toEqual({ name: secret, key: app });
      expect(env[url]?.value).toBe(`$(${prefix}_SCHEME)://${app}:$(${prefix}_PASSWORD)@$(${prefix}_ADDRESS)`);
      // $(VAR) expands only variables defined before it.
      expect(password).toBeLessThan(url);

      // What the kubelet hands the process, in prod (the operator's Secret) and in dev.
      const prodEnv = containerEnv(firstContainer(prod, 'Deployment', app), envSources(prod));
      expect(prodEnv[urlVariable]).toBe(
        `rediss://${app}:${unknownSecret(secret, app)}@${role}-redis.example.com:6379`,
      );
      const devPassword = secretData(dev, secret)[app];
      expect(devPassword).toMatch(/^dev-only-/);
      const devEnv = containerEnv(firstContainer(dev, 'Deployment', app), envSources(dev));
      expect(devEnv[urlVariable]).toBe(`redis://${app}:${devPassword}@redis-${role}:6379`);
    },
  );
});

describe('the in-cluster Redis load the ACL (components/in-cluster-data, dev)', () => {
  const objects = rendered('k8s/overlays/dev');

  it.each(ROLES.map((role) => [role]))(
    'the %s Redis renders its users from the Secret the apps read, in an init container',
    (role) => {
      const { statefulSet, secret, rules } = REDIS_ACLS[role];
      const spec = ofKind<IStatefulSet>(objects, 'StatefulSet').find(
        (item) => item.metadata?.name === statefulSet,
      )?.spec?.template.spec;
      const config = ofKind<IConfigMap>(objects, 'ConfigMap').find((item) =>
        item.metadata?.name?.startsWith(`${statefulSet}-config-`),
      );
      expect(config?.data?.['redis.conf']).toMatch(/^aclfile \/run\/redis-acl\/users\.acl$/m);
      expect(config?.data?.['redis.conf']).not.toMatch(/^\s*(requirepass|masterauth|user)\s/m);
      expect(config?.data?.['users.acl']).toBe(read(rules));
      expect(config?.data?.['render-redis-acl.sh']).toBe(read(RENDER_SCRIPT));

      const volumes = new Map((spec?.volumes ?? []).map((volume) => [volume.name, volume]));
      const secretName = volumes.get('users')?.secret?.secretName ?? '';
      expect(secretName).toMatch(new RegExp(`^${secret}-`));
      expect(volumes.get('users')?.secret?.defaultMode).toBe(0o440);
      expect(volumes.get('acl')?.emptyDir).toEqual({ medium: 'Memory', sizeLimit: '1Mi' });
      expect(volumes.get('config')?.configMap?.name).toBe(config?.metadata?.name);

      const [init] = spec?.initContainers ?? [];
      expect(init?.command).toEqual([
        'sh',
        '-c',
        'sh /etc/redis/render-redis-acl.sh /etc/redis/users.acl /run/secrets/redis-users > /run/redis-acl/users.acl',
      ]);
      expect(init?.volumeMounts).toEqual([
        { name: 'config', mountPath: '/etc/redis', readOnly: true },
        { name: 'users', mountPath: '/run/secrets/redis-users', readOnly: true },
        { name: 'acl', mountPath: '/run/redis-acl' },
      ]);
      // The server never sees a password, only the rendered hashes; its probe runs as `default`.
      const [redis] = spec?.containers ?? [];
      expect(redis.volumeMounts?.map((mount) => mount.name)).not.toContain('users');
      expect(redis.volumeMounts).toContainEqual({ name: 'acl', mountPath: '/run/redis-acl', readOnly: true });
      expect(redis.readinessProbe?.exec?.command).toEqual(['sh', '-c', 'redis-cli ping | grep -qx PONG']);

      // The Secret holds one password per app user, and each of those apps reads that same Secret.
      const users = appUsers(role).map((user) => user.name);
      expect(Object.keys(secretData(objects, secret)).sort()).toEqual([...users].sort());
      for (const app of users) {
        const refs = (firstContainer(objects, 'Deployment', app).env ?? []).map(
          (variable) => variable.valueFrom?.secretKeyRef?.name,
        );
        expect(refs).toContain(secretName);
      }
    },
  );
});

describe('no password in k8s/ or docker/', () => {
  const files = ['k8s', 'docker'].flatMap((dir) =>
    readdirSync(join(root, dir), { withFileTypes: true, recursive: true })
      .filter((entry) => entry.isFile())
      .map((entry) => relative(root, join(entry.parentPath, entry.name))),
  );
  const isDev = (file: string) => file.startsWith('k8s/overlays/dev/');

  it('finds no credentials but the dev overlay’s, which all say dev-only', () => {
    expect(files.length).toBeGreaterThan(40);
    const findings = files.flatMap((file) => {
      const text = read(file);
      const found: string[] = [];
      // A URL's password: a $(VAR) of a Deployment, a placeholder (<password>, PASSWORD) in a
      // comment, or a dev-only value in the dev overlay.
      for (const [, password] of text.matchAll(/:\/\/[^\s/:@'"]*:([^\s@'"]+)@/g)) {
        const placeholder = /^(\$\([A-Z_]+\)|<[a-z-]+>|[A-Z_]+)$/.test(password);
        if (!placeholder && !(isDev(file) && password.startsWith('dev-only-')))
          found.push('a URL with a password');
      }
      if (/^\s*(requirepass|masterauth)\s+\S/m.test(text)) found.push('requirepass/masterauth');
      if (/^\s*user\s.*\s>\S/m.test(text)) found.push('an ACL user with a password');
      if (/(^|\s)#[0-9a-f]{64}(\s|$)/m.test(text)) found.push('an ACL password hash');
      if (/\.ya?ml$/.test(file) && /^kind:\s*Secret\s*$/m.test(text)) found.push('a Secret manifest');
      if (/secretGenerator:/.test(text) && !isDev(file)) found.push('a generated Secret outside dev');
      return found.map((finding) => `${file}: ${finding}`);
    });
    expect(findings).toEqual([]);
  });

  it('generates the dev overlay’s passwords and service API keys from values that say they are for dev only', () => {
    const text = read('k8s/overlays/dev/kustomization.yaml');
    const users = [...new Set(ROLES.flatMap((role) => appUsers(role).map((user) => user.name)))];
    const literals = [
      ...text.matchAll(new RegExp(`^\\s*- (?:${[...users, 'POSTGRES_PASSWORD'].join('|')})=(\\S+)$`, 'gm')),
    ];
    // The Redis users' passwords, PostgreSQL's, and the raw keys of hotpath-service-keys (one per
    // app that calls another over the transport, keyed by app name as well).
    const serviceKeys = Object.keys(secretData(rendered('k8s/overlays/dev'), 'hotpath-service-keys'));
    expect(serviceKeys.length).toBeGreaterThan(0);
    expect(literals.length).toBe(
      ROLES.reduce((count, role) => count + appUsers(role).length, 1) + serviceKeys.length,
    );
    for (const [, value] of literals) expect(value).toMatch(/^dev-only-/);
  });
});
