import type { BuildItem } from './build-item';
import { generatorHash, kustomizeBase64 } from './generator-hash';
import { isJsonObject, type JsonObject, type JsonValue, type K8sObject } from './k8s-object';

/** The pod specs inside a workload object (Pod, Deployment & co, Job, CronJob). */
function podSpecs(object: K8sObject): JsonObject[] {
  const spec = object['spec'];
  if (!isJsonObject(spec)) return [];
  if (object.kind === 'Pod') return [spec];
  const template =
    object.kind === 'CronJob' ? dig(spec, ['jobTemplate', 'spec', 'template']) : spec['template'];
  const podSpec = isJsonObject(template) ? template['spec'] : undefined;
  return isJsonObject(podSpec) ? [podSpec] : [];
}

function dig(node: JsonValue | undefined, path: string[]): JsonValue | undefined {
  let current = node;
  for (const key of path) current = isJsonObject(current) ? current[key] : undefined;
  return current;
}

function objects(value: JsonValue | undefined): JsonObject[] {
  return Array.isArray(value) ? value.filter(isJsonObject) : [];
}

/**
 * Names the generated ConfigMaps and Secrets (`name-<hash>` unless disabled), renders their data,
 * and rewrites every reference to them in the same namespace: pod volumes (configMap, secret,
 * projected), envFrom, env valueFrom, and Ingress TLS secrets — what kustomize's name-reference
 * transformer does for these kinds. Returns the plain objects.
 */
export function rewriteGeneratedNames(items: BuildItem[]): K8sObject[] {
  const renamed = new Map<string, string>();
  for (const { object, generated } of items) {
    if (!generated) continue;
    const name = generated.hashSuffix
      ? `${generated.originalName}-${generatorHash(object.kind as 'ConfigMap' | 'Secret', generated.data, generated.secretType)}`
      : generated.originalName;
    object.metadata.name = name;
    if (object.kind === 'Secret') {
      object['type'] = generated.secretType ?? 'Opaque';
      object['data'] = Object.fromEntries(
        Object.entries(generated.data).map(([key, value]) => [key, kustomizeBase64(value)]),
      );
    } else {
      object['data'] = { ...generated.data };
    }
    renamed.set(`${object.kind}/${object.metadata.namespace ?? ''}/${generated.originalName}`, name);
  }

  for (const { object } of items) {
    const namespace = object.metadata.namespace ?? '';
    const rename = (kind: 'ConfigMap' | 'Secret', holder: JsonObject, field: string): void => {
      const current = holder[field];
      if (typeof current !== 'string') return;
      const next = renamed.get(`${kind}/${namespace}/${current}`);
      if (next) holder[field] = next;
    };
    for (const spec of podSpecs(object)) {
      for (const volume of objects(spec['volumes'])) {
        if (isJsonObject(volume['configMap'])) rename('ConfigMap', volume['configMap'], 'name');
        if (isJsonObject(volume['secret'])) rename('Secret', volume['secret'], 'secretName');
        for (const source of objects(dig(volume, ['projected', 'sources']))) {
          if (isJsonObject(source['configMap'])) rename('ConfigMap', source['configMap'], 'name');
          if (isJsonObject(source['secret'])) rename('Secret', source['secret'], 'name');
        }
      }
      for (const container of [...objects(spec['containers']), ...objects(spec['initContainers'])]) {
        for (const from of objects(container['envFrom'])) {
          if (isJsonObject(from['configMapRef'])) rename('ConfigMap', from['configMapRef'], 'name');
          if (isJsonObject(from['secretRef'])) rename('Secret', from['secretRef'], 'name');
        }
        for (const env of objects(container['env'])) {
          const ref = env['valueFrom'];
          if (!isJsonObject(ref)) continue;
          if (isJsonObject(ref['configMapKeyRef'])) rename('ConfigMap', ref['configMapKeyRef'], 'name');
          if (isJsonObject(ref['secretKeyRef'])) rename('Secret', ref['secretKeyRef'], 'name');
        }
      }
    }
    if (object.kind === 'Ingress') {
      for (const tls of objects(dig(object as unknown as JsonValue, ['spec', 'tls'])))
        rename('Secret', tls, 'secretName');
    }
  }
  return items.map(({ object }) => object);
}
