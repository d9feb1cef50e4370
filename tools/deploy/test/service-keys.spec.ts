import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CachePatterns, type Scope, Scopes } from '@hotpath/contracts';
import { ApiKeyRegistry, loadServiceConfig } from '@hotpath/platform';
import { APPS, appContract } from '../src/app-contract';
import { containerEnv, envSources, unknownSecret } from '../src/container-env';
import { firstContainer, rendered } from '../src/k8s-tree';
import { sourceFiles } from '../src/source-files';
import { workspaceRoot } from '../src/workspace-root';

/**
 * The API key an app presents when it calls another over the transport (HOTPATH_SERVICE_API_KEY):
 * each app whose code opens a HotpathTransportClient takes it from the Secret hotpath-service-keys
 * (key = app name), never from a literal, and in dev the callee's HOTPATH_API_KEYS admits that key
 * with the scopes of every pattern the caller sends (as the handlers' @RequireScopes declare them).
 */

const SECRET = 'hotpath-service-keys';
const VARIABLE = 'HOTPATH_SERVICE_API_KEY';
const root = workspaceRoot();
const sourcesOf = (app: string) =>
  sourceFiles(join(root, 'apps', app, 'src')).map((file) => readFileSync(file, 'utf8'));

/** The apps that call another service over the transport. */
const callers = APPS.filter((app) =>
  sourcesOf(app).some((text) => text.includes('new HotpathTransportClient(')),
);

/** Scope of each cache pattern, as the cache-service's handlers declare it. */
function cachePatternScopes(): Map<string, Scope> {
  const text = sourceFiles(join(root, 'apps/cache-service/src/transport'))
    .map((file) => readFileSync(file, 'utf8'))
    .join('\n');
  const scopes = new Map<string, Scope>();
  for (const [, scope, pattern] of text.matchAll(
    /@RequireScopes\(Scopes\.(\w+)\)\s*@MessagePattern\(CachePatterns\.(\w+)\)/g,
  )) {
    scopes.set(CachePatterns[pattern as keyof typeof CachePatterns], Scopes[scope as keyof typeof Scopes]);
  }
  return scopes;
}

/** The cache patterns an app's code sends, and the scopes its key needs for them. */
function neededScopes(app: string): { patterns: string[]; scopes: Scope[] } {
  const byPattern = cachePatternScopes();
  const patterns = [
    ...new Set(
      sourcesOf(app).flatMap((text) =>
        [...text.matchAll(/\bCachePatterns\.(\w+)/g)].map(
          ([, name]) => CachePatterns[name as keyof typeof CachePatterns],
        ),
      ),
    ),
  ];
  const scopes = patterns.map((pattern) => {
    const scope = byPattern.get(pattern);
    if (!scope) throw new Error(`no @RequireScopes for ${pattern} in apps/cache-service/src/transport`);
    return scope;
  });
  return { patterns, scopes: [...new Set(scopes)] };
}

/** An app's config as it would load from the environment its dev Deployment gives it. */
function devConfig(app: (typeof APPS)[number]) {
  const dev = rendered('k8s/overlays/dev');
  const env = containerEnv(firstContainer(dev, 'Deployment', app), envSources(dev));
  const { portVariable, defaultPort } = appContract(app);
  return loadServiceConfig({ serviceName: app, portVariable, defaultPort }, env);
}

describe('service API keys (HOTPATH_SERVICE_API_KEY)', () => {
  it('are needed by the performance-service, the cache-service’s client', () => {
    expect(callers).toContain('performance-service');
    expect(neededScopes('performance-service').patterns.length).toBeGreaterThan(0);
  });

  it.each(callers.map((app) => [app]))(
    '%s takes its key from the Secret, under its own name, in every overlay',
    (app) => {
      for (const overlay of ['k8s/overlays/dev', 'k8s/overlays/prod'] as const) {
        const variable = firstContainer(rendered(overlay), 'Deployment', app).env?.find(
          (item) => item.name === VARIABLE,
        );
        expect(variable?.value).toBeUndefined();
        expect(variable?.valueFrom?.secretKeyRef?.key).toBe(app);
        expect(variable?.valueFrom?.secretKeyRef?.name).toMatch(
          overlay.endsWith('dev') ? new RegExp(`^${SECRET}-`) : new RegExp(`^${SECRET}$`),
        );
      }
      const prod = rendered('k8s/overlays/prod');
      expect(containerEnv(firstContainer(prod, 'Deployment', app), envSources(prod))[VARIABLE]).toBe(
        unknownSecret(SECRET, app),
      );
    },
  );

  it('are generated in dev for exactly the apps that call another service', () => {
    const dev = envSources(rendered('k8s/overlays/dev'));
    const secret = [...dev.secrets.entries()].find(([name]) => name.startsWith(`${SECRET}-`))?.[1];
    expect(Object.keys(secret ?? {}).sort()).toEqual([...callers].sort());
  });

  it.each(callers.map((app) => [app]))(
    'lets %s start in dev, and the cache-service admits its key with the scopes of the patterns it sends',
    (app) => {
      const caller = devConfig(app);
      const key = caller.auth.serviceApiKey;
      expect(key).toMatch(/^dev-only-/);
      // Not the dev key of every scope: the callee sees the caller by its own name.
      expect(caller.auth.devApiKey).toBeUndefined();

      const callee = devConfig('cache-service');
      const principal = new ApiKeyRegistry({ apiKeys: callee.auth.apiKeys }).authenticate(key as string);
      expect(principal?.name).toBe(app);
      const { scopes } = neededScopes(app);
      expect(scopes.filter((scope) => !principal?.scopes.has(scope))).toEqual([]);
      // Nothing it has no use for: no cache:admin, no perf:* scope.
      expect([...(principal?.scopes ?? [])].filter((scope) => !scopes.includes(scope))).toEqual([]);
    },
  );
});
