import { spawnSync } from 'node:child_process';
import { parseAllDocuments } from 'yaml';
import type { K8sObject } from './k8s-object';

/** Whether `kubectl kustomize` can run here (it is optional: CI images may not have kubectl). */
export function kubectlKustomizeAvailable(): boolean {
  const probe = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8', timeout: 20_000 });
  return probe.status === 0;
}

/** The objects `kubectl kustomize <dir>` renders. */
export function kubectlKustomize(dir: string): K8sObject[] {
  const run = spawnSync('kubectl', ['kustomize', dir], {
    encoding: 'utf8',
    timeout: 60_000,
    maxBuffer: 64 << 20,
  });
  if (run.status !== 0) throw new Error(`kubectl kustomize ${dir} failed: ${run.stderr}`);
  return parseAllDocuments(run.stdout as string)
    .map((document) => document.toJS() as K8sObject | null)
    .filter((object): object is K8sObject => object !== null);
}
