import { join } from 'node:path';
import type { IDeployment, IStatefulSet } from 'kubernetes-models/apps/v1';
import type { IContainer } from 'kubernetes-models/v1';
import { buildKustomization } from './kustomize/build-kustomization';
import type { K8sObject } from './kustomize/k8s-object';
import { workspaceRoot } from './workspace-root';

/** The kustomizations a user applies (the base is built too: the overlays start from it). */
export const KUSTOMIZATIONS = [
  'k8s/base',
  'k8s/overlays/dev',
  'k8s/overlays/prod',
  'k8s/monitoring',
] as const;
export type KustomizationPath = (typeof KUSTOMIZATIONS)[number];

const cache = new Map<string, K8sObject[]>();

/** The rendered objects of one kustomization of this repository (built once per test file). */
export function rendered(path: KustomizationPath): K8sObject[] {
  let objects = cache.get(path);
  if (!objects) {
    objects = buildKustomization(join(workspaceRoot(), path));
    cache.set(path, objects);
  }
  return structuredClone(objects);
}

export function ofKind<T = K8sObject>(objects: K8sObject[], kind: string): T[] {
  return objects.filter((object) => object.kind === kind) as unknown as T[];
}

/** The first container of a Deployment's or StatefulSet's pods. */
export function firstContainer(
  objects: K8sObject[],
  kind: 'Deployment' | 'StatefulSet',
  name: string,
): IContainer {
  const workload = ofKind<IDeployment | IStatefulSet>(objects, kind).find(
    (item) => item.metadata?.name === name,
  );
  const container = workload?.spec?.template.spec?.containers[0];
  if (!container) throw new Error(`no ${kind} ${name}`);
  return container;
}
