import type { IConfigMap, IContainer, ISecret } from 'kubernetes-models/v1';
import type { K8sObject } from './kustomize/k8s-object';

/** The data of the rendered ConfigMaps and Secrets by name (Secrets decoded), as a pod sees them. */
export interface EnvSources {
  configMaps: Map<string, Record<string, string>>;
  secrets: Map<string, Record<string, string>>;
}

export function envSources(objects: K8sObject[]): EnvSources {
  const configMaps = new Map<string, Record<string, string>>();
  const secrets = new Map<string, Record<string, string>>();
  for (const object of objects) {
    if (object.kind === 'ConfigMap') {
      const map = object as unknown as IConfigMap;
      configMaps.set(map.metadata?.name ?? '', { ...map.data });
    } else if (object.kind === 'Secret') {
      const secret = object as unknown as ISecret;
      const decoded = Object.entries(secret.data ?? {}).map(([key, value]) => [
        key,
        Buffer.from(value, 'base64').toString('utf8'),
      ]);
      secrets.set(secret.metadata?.name ?? '', Object.fromEntries(decoded));
    }
  }
  return { configMaps, secrets };
}

/** A value the kubelet would take from a Secret this rendering does not hold (created by the operator). */
export const unknownSecret = (name: string, key: string): string => `<secret ${name}/${key}>`;

/**
 * The environment the kubelet gives `container`: `envFrom` first, then `env` in order, each `value`
 * with `$(VAR)` expanded from what is defined before it (`$$(VAR)` stays literal, an undefined
 * reference stays as written). Values of Secrets absent from `sources` read as {@link unknownSecret};
 * `fieldRef`s read as `<fieldPath>`.
 */
export function containerEnv(container: IContainer, sources: EnvSources): Record<string, string> {
  const env: Record<string, string> = {};
  for (const from of container.envFrom ?? []) {
    const data = from.configMapRef
      ? sources.configMaps.get(from.configMapRef.name ?? '')
      : sources.secrets.get(from.secretRef?.name ?? '');
    Object.assign(env, data);
  }
  for (const variable of container.env ?? []) {
    const ref = variable.valueFrom;
    if (ref?.secretKeyRef) {
      const { name = '', key } = ref.secretKeyRef;
      env[variable.name] = sources.secrets.get(name)?.[key] ?? unknownSecret(name, key);
    } else if (ref?.configMapKeyRef) {
      const { name = '', key } = ref.configMapKeyRef;
      env[variable.name] = sources.configMaps.get(name)?.[key] ?? '';
    } else if (ref?.fieldRef) {
      env[variable.name] = `<${ref.fieldRef.fieldPath}>`;
    } else {
      env[variable.name] = expand(variable.value ?? '', env);
    }
  }
  return env;
}

function expand(value: string, defined: Record<string, string>): string {
  return value.replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)/g, (match, name?: string) => {
    if (match === '$$') return '$';
    return name !== undefined && name in defined ? defined[name] : match;
  });
}
