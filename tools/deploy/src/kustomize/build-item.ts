import type { K8sObject } from './k8s-object';

/** An object being built, and for a generated ConfigMap/Secret what kustomize needs to name it. */
export interface BuildItem {
  object: K8sObject;
  generated?: {
    originalName: string;
    hashSuffix: boolean;
    secretType?: string;
    data: Record<string, string>;
  };
}
