import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IDeployment, IStatefulSet } from 'kubernetes-models/apps/v1';
import type { IHorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import type { IIngress, INetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import type { IPodDisruptionBudget } from 'kubernetes-models/policy/v1';
import type { IConfigMap, IContainer, IPodSpec, ISecret, IService } from 'kubernetes-models/v1';
import type { IVerticalPodAutoscaler } from '@kubernetes-models/autoscaler/autoscaling.k8s.io/v1';
import { APPS, appContract, healthRoutes } from '../src/app-contract';
import { containerEnv, envSources } from '../src/container-env';
import { KUSTOMIZATIONS, ofKind, rendered } from '../src/k8s-tree';
import { buildKustomization } from '../src/kustomize/build-kustomization';
import type { K8sObject } from '../src/kustomize/k8s-object';
import { validateObject } from '../src/validate-object';
import { workspaceRoot } from '../src/workspace-root';
import { parseIni } from '../src/parse-ini';

const OVERLAYS = ['k8s/overlays/dev', 'k8s/overlays/prod'] as const;
const SECRET_VARIABLES = [
  'REDIS_URL',
  'QUEUE_REDIS_URL',
  'DATABASE_URL',
  'HOTPATH_API_KEYS',
  'HOTPATH_SERVICE_API_KEY',
];
type Workload = IDeployment | IStatefulSet;

function podSpec(workload: Workload): IPodSpec {
  const spec = workload.spec?.template.spec;
  if (!spec) throw new Error(`${workload.metadata?.name}: no pod spec`);
  return spec;
}

function workloads(objects: K8sObject[]): Workload[] {
  return [...ofKind<IDeployment>(objects, 'Deployment'), ...ofKind<IStatefulSet>(objects, 'StatefulSet')];
}

function deployment(objects: K8sObject[], name: string): IDeployment {
  const found = ofKind<IDeployment>(objects, 'Deployment').find((item) => item.metadata?.name === name);
  if (!found) throw new Error(`no Deployment ${name}`);
  return found;
}

function hotpathConfig(objects: K8sObject[]): Record<string, string> {
  const config = ofKind<IConfigMap>(objects, 'ConfigMap').find((item) =>
    item.metadata?.name?.startsWith('hotpath-config-'),
  );
  if (!config?.data) throw new Error('no hotpath-config ConfigMap');
  return config.data;
}

function selects(
  selector: Record<string, string> | undefined,
  labels: Record<string, string> | undefined,
): boolean {
  return !!selector && Object.entries(selector).every(([key, value]) => labels?.[key] === value);
}

function envValue(container: IContainer, name: string): string | undefined {
  return container.env?.find((variable) => variable.name === name)?.value;
}

describe.each(KUSTOMIZATIONS.map((path) => [path]))('%s', (path) => {
  const objects = rendered(path);

  it('renders objects, each valid against its schema', () => {
    expect(objects.length).toBeGreaterThan(0);
    const invalid = objects.flatMap((object) => {
      try {
        validateObject(object);
        return [];
      } catch (error) {
        return [`${object.kind}/${object.metadata.name}: ${(error as Error).message}`];
      }
    });
    expect(invalid).toEqual([]);
  });

  it('holds no secret values except the dev overlay’s generated ones', () => {
    const secrets = ofKind<ISecret>(objects, 'Secret');
    if (path === 'k8s/overlays/dev') {
      for (const secret of secrets)
        expect(secret.metadata?.name).toMatch(
          /^(hotpath-secrets|hotpath-service-keys|redis-queue-users|redis-cache-users|pgbouncer-auth|postgres-auth)-/,
        );
    } else {
      expect(secrets).toEqual([]);
    }
    const text = JSON.stringify(objects.filter((object) => object.kind !== 'Secret'));
    expect(text).not.toContain('HOTPATH_DEV_API_KEY');
    for (const workload of workloads(objects)) {
      for (const container of podSpec(workload).containers) {
        const fromSecret = (name: string) =>
          !!container.env?.find((item) => item.name === name)?.valueFrom?.secretKeyRef?.name;
        for (const name of SECRET_VARIABLES) {
          const variable = container.env?.find((item) => item.name === name);
          if (variable?.value !== undefined) {
            // A URL built with $(VAR) expansion: its password is a variable from a Secret.
            const password = /:\/\/[^:@/]+:\$\(([A-Z_]+)\)@/.exec(variable.value)?.[1];
            expect({ name, password: password !== undefined && fromSecret(password) }).toEqual({
              name,
              password: true,
            });
          } else if (variable) {
            expect({ name, fromSecret: fromSecret(name) }).toEqual({ name, fromSecret: true });
          }
        }
      }
    }
    for (const config of ofKind<IConfigMap>(objects, 'ConfigMap')) {
      for (const key of SECRET_VARIABLES) expect(Object.keys(config.data ?? {})).not.toContain(key);
    }
  });
});

describe.each(OVERLAYS.map((path) => [path]))('%s workloads', (path) => {
  const objects = rendered(path);
  const health = healthRoutes();

  it.each(workloads(objects).map((workload) => [workload.metadata?.name, workload]))(
    '%s has probes, requests and limits, and runs non-root on a read-only root filesystem',
    (_name, workload) => {
      const spec = podSpec(workload);
      expect(workload.spec?.selector.matchLabels).toBeDefined();
      expect(selects(workload.spec?.selector.matchLabels, workload.spec?.template.metadata?.labels)).toBe(
        true,
      );
      expect(spec.automountServiceAccountToken).toBe(false);
      expect(spec.securityContext).toMatchObject({
        runAsNonRoot: true,
        seccompProfile: { type: 'RuntimeDefault' },
      });
      expect(spec.securityContext?.runAsUser).toBeGreaterThan(0);
      for (const container of spec.containers) {
        expect(container.startupProbe).toBeDefined();
        expect(container.readinessProbe).toBeDefined();
        expect(container.livenessProbe).toBeDefined();
        for (const resource of ['cpu', 'memory']) {
          expect(container.resources?.requests?.[resource]).toBeDefined();
          expect(container.resources?.limits?.[resource]).toBeDefined();
        }
        expect(container.securityContext).toMatchObject({
          allowPrivilegeEscalation: false,
          readOnlyRootFilesystem: true,
          runAsNonRoot: true,
          capabilities: { drop: ['ALL'] },
        });
        expect(container.image).toMatch(/:[\w.-]+$|@sha256:[0-9a-f]{64}$/);
      }
      for (const init of spec.initContainers ?? []) {
        expect(init.resources?.requests).toEqual({ cpu: expect.any(String), memory: expect.any(String) });
        expect(init.resources?.limits).toEqual({ cpu: expect.any(String), memory: expect.any(String) });
        expect(init.securityContext).toMatchObject({
          allowPrivilegeEscalation: false,
          readOnlyRootFilesystem: true,
          runAsNonRoot: true,
          capabilities: { drop: ['ALL'] },
        });
      }
      if (workload.kind === 'Deployment') {
        expect(spec.topologySpreadConstraints?.length).toBeGreaterThan(0);
        for (const constraint of spec.topologySpreadConstraints ?? []) {
          expect(
            selects(constraint.labelSelector?.matchLabels, workload.spec?.template.metadata?.labels),
          ).toBe(true);
        }
        const budgets = ofKind<IPodDisruptionBudget>(objects, 'PodDisruptionBudget').filter((budget) =>
          selects(budget.spec?.selector?.matchLabels, workload.spec?.template.metadata?.labels),
        );
        expect(budgets).toHaveLength(1);
      }
    },
  );

  it.each(APPS.map((app) => [app]))(
    '%s listens, probes and is served on the port its config reads',
    (app) => {
      const contract = appContract(app);
      const workload = deployment(objects, app);
      const spec = podSpec(workload);
      const [container] = spec.containers;
      expect(container.ports).toEqual([
        { name: 'http', containerPort: contract.defaultPort, protocol: 'TCP' },
      ]);
      expect(hotpathConfig(objects)[contract.portVariable]).toBe(String(contract.defaultPort));
      expect(container.envFrom?.[0].configMapRef?.name).toMatch(/^hotpath-config-/);
      expect(container.startupProbe?.httpGet).toEqual({ path: health.live, port: 'http' });
      expect(container.livenessProbe?.httpGet).toEqual({ path: health.live, port: 'http' });
      expect(container.readinessProbe?.httpGet).toEqual({ path: health.ready, port: 'http' });
      expect(spec.serviceAccountName).toBe(app);
      expect(ofKind(objects, 'ServiceAccount').map((account) => account.metadata.name)).toContain(app);

      // The process' own drain deadline ends before Kubernetes kills it.
      const drainSeconds = Number(envValue(container, 'SHUTDOWN_TIMEOUT_MS')) / 1000;
      const preStopSeconds = Number(container.lifecycle?.preStop?.exec?.command?.[1] ?? 0);
      expect(drainSeconds + preStopSeconds).toBeLessThan(spec.terminationGracePeriodSeconds ?? 30);
      expect(spec.terminationGracePeriodSeconds).toBe(contract.http ? 45 : 120);

      const services = ofKind<IService>(objects, 'Service').filter((service) =>
        selects(service.spec?.selector, workload.spec?.template.metadata?.labels),
      );
      if (contract.http) {
        expect(services.map((service) => service.spec?.ports)).toEqual([
          [{ name: 'http', port: contract.defaultPort, targetPort: 'http', protocol: 'TCP' }],
        ]);
      } else {
        expect(services).toEqual([]);
      }
    },
  );

  it('gives every Service a selector that matches a workload’s pods', () => {
    for (const service of ofKind<IService>(objects, 'Service')) {
      const backends = workloads(objects).filter((workload) =>
        selects(service.spec?.selector, workload.spec?.template.metadata?.labels),
      );
      expect({ service: service.metadata?.name, backends: backends.length }).toEqual({
        service: service.metadata?.name,
        backends: 1,
      });
      for (const port of service.spec?.ports ?? []) {
        const named = podSpec(backends[0]).containers.flatMap((container) => container.ports ?? []);
        expect(named.map((item) => item.name)).toContain(port.targetPort);
      }
    }
  });

  it('autoscales every app with the scaling guide’s parameters, on a Deployment that exists', () => {
    const autoscalers = ofKind<IHorizontalPodAutoscaler>(objects, 'HorizontalPodAutoscaler');
    expect(autoscalers.map((hpa) => hpa.metadata?.name).sort()).toEqual([...APPS].sort());
    for (const hpa of autoscalers) {
      const target = deployment(objects, hpa.spec?.scaleTargetRef.name ?? '');
      expect(hpa.spec?.scaleTargetRef).toEqual({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        name: target.metadata?.name,
      });
      expect(hpa.spec?.behavior).toEqual({
        scaleUp: {
          stabilizationWindowSeconds: 60,
          policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }],
        },
        scaleDown: {
          stabilizationWindowSeconds: 300,
          policies: [{ type: 'Percent', value: 50, periodSeconds: 60 }],
        },
      });
      if (path === 'k8s/overlays/prod')
        expect([hpa.spec?.minReplicas, hpa.spec?.maxReplicas]).toEqual([3, 50]);
      const metrics = hpa.spec?.metrics ?? [];
      if (appContract(target.metadata?.name as (typeof APPS)[number]).http) {
        expect(metrics).toEqual([
          {
            type: 'Resource',
            resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } },
          },
          {
            type: 'Resource',
            resource: { name: 'memory', target: { type: 'Utilization', averageUtilization: 80 } },
          },
          {
            type: 'Pods',
            pods: {
              metric: { name: 'http_requests_per_second' },
              target: { type: 'AverageValue', averageValue: '1000' },
            },
          },
        ]);
      } else {
        expect(metrics.map((metric) => [metric.type, metric.external?.metric.name])).toEqual(
          ['hotpath.optimization', 'hotpath.cache-warm', 'hotpath.write-behind'].map(() => [
            'External',
            'hotpath_queue_waiting_jobs',
          ]),
        );
        expect(metrics.map((metric) => metric.external?.metric.selector?.matchLabels?.['queue'])).toEqual([
          'hotpath.optimization',
          'hotpath.cache-warm',
          'hotpath.write-behind',
        ]);
      }
    }
  });

  it('allows only the gateway to reach the HTTP ports, and denies everything else by default', () => {
    const policies = ofKind<INetworkPolicy>(objects, 'NetworkPolicy');
    const byName = new Map(policies.map((policy) => [policy.metadata?.name, policy]));
    expect(byName.get('default-deny')?.spec).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
    const api = byName.get('api-from-gateway')?.spec;
    expect(api?.ingress).toEqual([
      {
        from: [
          {
            namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } },
            podSelector: { matchLabels: { 'app.kubernetes.io/name': 'ingress-nginx' } },
          },
        ],
        ports: [{ protocol: 'TCP', port: 'http' }],
      },
    ]);
    const apis = APPS.filter((app) => appContract(app).http).map((app) => deployment(objects, app));
    for (const app of apis)
      expect(selects(api?.podSelector?.matchLabels, app.spec?.template.metadata?.labels)).toBe(true);
    // No policy lets one app call another app directly: they talk over the Redis transport.
    for (const policy of policies) {
      for (const rule of policy.spec?.ingress ?? []) {
        for (const peer of rule.from ?? []) {
          const values =
            peer.podSelector?.matchExpressions?.flatMap((expression) => expression.values ?? []) ?? [];
          if (values.includes('api') || values.includes('worker')) {
            expect(policy.spec?.podSelector?.matchLabels?.['app.kubernetes.io/component']).not.toBe('api');
          }
        }
      }
    }
  });

  it('routes /api/v2/cache and /api/v2/performance over TLS with a body limit just above the 1 MiB value', () => {
    const ingresses = ofKind<IIngress>(objects, 'Ingress');
    const routes = ingresses.flatMap((ingress) =>
      (ingress.spec?.rules ?? []).flatMap((rule) =>
        (rule.http?.paths ?? []).map((route) => [
          route.path,
          route.backend.service?.name,
          route.backend.service?.port?.name,
        ]),
      ),
    );
    expect(routes.sort()).toEqual([
      ['/api/v2/cache', 'cache-service', 'http'],
      ['/api/v2/performance', 'performance-service', 'http'],
    ]);
    for (const ingress of ingresses) {
      const annotations = ingress.metadata?.annotations ?? {};
      expect(ingress.spec?.ingressClassName).toBe('nginx');
      expect(ingress.spec?.tls?.[0].secretName).toBe('hotpath-tls');
      expect(ingress.spec?.tls?.[0].hosts).toEqual(ingress.spec?.rules?.map((rule) => rule.host));
      const bodyKiB = Number(
        /^(\d+)k$/.exec(annotations['nginx.ingress.kubernetes.io/proxy-body-size'] ?? '')?.[1],
      );
      // The app reads 1 MiB + 64 KiB (libs/platform create-http-app) and answers 413 itself.
      expect(bodyKiB).toBeGreaterThan(1024 + 64);
      expect(bodyKiB).toBeLessThan(1024 + 128);
      expect(Number(annotations['nginx.ingress.kubernetes.io/limit-rps'])).toBeGreaterThan(0);
      expect(Number(annotations['nginx.ingress.kubernetes.io/proxy-read-timeout'])).toBeGreaterThan(0);
    }
    // CPU profiles take up to 60 s before the response.
    const performance = ingresses.find((ingress) => ingress.metadata?.name === 'performance-service');
    expect(
      Number(performance?.metadata?.annotations?.['nginx.ingress.kubernetes.io/proxy-read-timeout']),
    ).toBeGreaterThan(60);
  });

  it('pools PostgreSQL connections in PgBouncer with the guide’s settings', () => {
    const config = ofKind<IConfigMap>(objects, 'ConfigMap').find((item) =>
      item.metadata?.name?.startsWith('pgbouncer-config-'),
    );
    const ini = parseIni(config?.data?.['pgbouncer.ini'] ?? '');
    expect(ini['pgbouncer']).toMatchObject({
      pool_mode: 'transaction',
      max_client_conn: '1000',
      default_pool_size: '25',
      reserve_pool_size: '5',
      reserve_pool_timeout: '5',
      max_db_connections: '100',
      max_user_connections: '100',
      server_idle_timeout: '600',
      server_lifetime: '3600',
      listen_port: '6432',
    });
    expect(ini['pgbouncer']['ignore_startup_parameters']).toContain('statement_timeout');
    const databases = parseIni(config?.data?.['databases.ini'] ?? '')['databases'];
    expect(Object.keys(databases)).toEqual(['hotpath', 'hotpath_session']);
    expect(databases['hotpath_session']).toContain('pool_mode=session');
    // Every app's DATABASE_URL comes from a Secret; in dev its value goes through PgBouncer.
    const secret = ofKind<ISecret>(objects, 'Secret').find((item) =>
      item.metadata?.name?.startsWith('hotpath-secrets-'),
    );
    if (secret?.data) {
      expect(Buffer.from(secret.data['DATABASE_URL'], 'base64').toString()).toMatch(
        /@pgbouncer:6432\/hotpath$/,
      );
    }
    const pgbouncer = podSpec(deployment(objects, 'pgbouncer'));
    expect(pgbouncer.volumes?.find((volume) => volume.name === 'config')?.configMap?.name).toBe(
      config?.metadata?.name,
    );
    expect(pgbouncer.volumes?.find((volume) => volume.name === 'auth')?.secret?.secretName).toMatch(
      /^pgbouncer-auth/,
    );
  });
});

describe('k8s/overlays/prod', () => {
  const objects = rendered('k8s/overlays/prod');

  it('runs no data tier in the cluster: Redis and PostgreSQL are managed endpoints', () => {
    expect(ofKind(objects, 'StatefulSet')).toEqual([]);
    const databases = parseIni(
      ofKind<IConfigMap>(objects, 'ConfigMap').find((item) =>
        item.metadata?.name?.startsWith('pgbouncer-config-'),
      )?.data?.['databases.ini'] ?? '',
    )['databases'];
    expect(databases['hotpath']).not.toContain('host=postgres ');
    expect(ofKind<INetworkPolicy>(objects, 'NetworkPolicy').map((policy) => policy.metadata?.name)).toEqual(
      expect.arrayContaining(['apps-egress-managed-redis', 'pgbouncer-egress-managed-postgres']),
    );
  });

  it('has a VPA per workload: Off where the HPA scales on CPU and memory, Auto where it does not', () => {
    const vpas = ofKind<IVerticalPodAutoscaler>(objects, 'VerticalPodAutoscaler');
    expect(vpas.map((vpa) => vpa.spec.targetRef.name).sort()).toEqual(
      ofKind(objects, 'Deployment')
        .map((item) => item.metadata.name)
        .sort(),
    );
    const hpas = ofKind<IHorizontalPodAutoscaler>(objects, 'HorizontalPodAutoscaler');
    for (const vpa of vpas) {
      const target = deployment(objects, vpa.spec.targetRef.name);
      expect(vpa.spec.targetRef.kind).toBe('Deployment');
      const hpa = hpas.find((item) => item.spec?.scaleTargetRef.name === vpa.spec.targetRef.name);
      const resourceScaled = !!hpa?.spec?.metrics?.some((metric) => metric.type === 'Resource');
      expect({ name: vpa.metadata?.name, mode: vpa.spec.updatePolicy?.updateMode }).toEqual({
        name: vpa.metadata?.name,
        mode: resourceScaled ? 'Off' : 'Auto',
      });
      const containerNames = podSpec(target).containers.map((container) => container.name);
      for (const policy of vpa.spec.resourcePolicy?.containerPolicies ?? []) {
        expect(containerNames).toContain(policy.containerName);
        expect(policy.minAllowed).toEqual({ cpu: expect.anything(), memory: expect.anything() });
        expect(policy.maxAllowed).toEqual({ cpu: expect.anything(), memory: expect.anything() });
        expect(policy.controlledResources).toEqual(['cpu', 'memory']);
      }
    }
  });

  it('sets the production environment and never a development key', () => {
    expect(hotpathConfig(objects)).toMatchObject({ NODE_ENV: 'production', DB_MIGRATE_ON_START: 'true' });
    for (const container of ofKind<IDeployment>(objects, 'Deployment').flatMap(
      (item) => podSpec(item).containers,
    )) {
      expect(container.image).not.toMatch(/^hotpath\//);
    }
  });
});

describe('k8s/overlays/dev', () => {
  const objects = rendered('k8s/overlays/dev');

  it('runs a cache Redis (allkeys-lru, maxmemory) apart from a queue Redis (noeviction)', () => {
    const conf = (name: string) =>
      ofKind<IConfigMap>(objects, 'ConfigMap').find((item) =>
        item.metadata?.name?.startsWith(`${name}-config-`),
      )?.data?.['redis.conf'] ?? '';
    expect(conf('redis-cache')).toMatch(/^maxmemory-policy allkeys-lru$/m);
    expect(conf('redis-cache')).toMatch(/^maxmemory \d+[mg]b$/m);
    expect(conf('redis-queue')).toMatch(/^maxmemory-policy noeviction$/m);
    expect(conf('redis-queue')).toMatch(/^appendonly yes$/m);
    // The apps' URLs point at them (user and password per app: redis-acl.spec.ts).
    expect(hotpathConfig(objects)).toMatchObject({
      CACHE_REDIS_SCHEME: 'redis',
      CACHE_REDIS_ADDRESS: 'redis-cache:6379',
      QUEUE_REDIS_SCHEME: 'redis',
      QUEUE_REDIS_ADDRESS: 'redis-queue:6379',
    });
    expect(
      ofKind(objects, 'StatefulSet')
        .map((item) => item.metadata.name)
        .sort(),
    ).toEqual(['postgres', 'redis-cache', 'redis-queue']);
  });
});

describe('components/redis-cluster', () => {
  it('points the L2 cache at a Redis Cluster through REDIS_CLUSTER_NODES', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hotpath-redis-cluster-'));
    try {
      const root = workspaceRoot();
      writeFileSync(
        join(dir, 'kustomization.yaml'),
        `resources: [${join(root, 'k8s/base')}]\ncomponents: [${join(root, 'k8s/components/redis-cluster')}]\n`,
      );
      const objects = buildKustomization(dir);
      const nodes = hotpathConfig(objects)['REDIS_CLUSTER_NODES'].split(',');
      expect(nodes.length).toBeGreaterThanOrEqual(3);
      for (const node of nodes) expect(node).toMatch(/^[A-Za-z0-9.-]+:\d{1,5}$/);
      expect(ofKind(objects, 'NetworkPolicy').map((item) => item.metadata.name)).toContain(
        'apps-egress-redis-cluster',
      );
      // Every app with a REDIS_URL (the cache-service's L2, the worker's cache warming) gets the
      // node list, and the egress policy lets its pods reach the nodes.
      const sources = envSources(objects);
      const policy = ofKind<INetworkPolicy>(objects, 'NetworkPolicy').find(
        (item) => item.metadata?.name === 'apps-egress-redis-cluster',
      );
      const components = policy?.spec?.podSelector?.matchExpressions?.[0]?.values ?? [];
      const withCache = APPS.filter((app) =>
        deployment(objects, app).spec?.template.spec?.containers[0].env?.some(
          (variable) => variable.name === 'REDIS_URL',
        ),
      );
      expect([...withCache].sort()).toEqual(['cache-service', 'optimization-worker']);
      for (const app of withCache) {
        const pod = deployment(objects, app).spec?.template;
        const env = containerEnv(pod?.spec?.containers[0] ?? { name: app }, sources);
        expect({ app, nodes: env['REDIS_CLUSTER_NODES'] }).toEqual({
          app,
          nodes: hotpathConfig(objects)['REDIS_CLUSTER_NODES'],
        });
        expect(components).toContain(pod?.metadata?.labels?.['app.kubernetes.io/component']);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
