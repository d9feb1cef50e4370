import { ConfigMap, Namespace, Secret, Service, ServiceAccount } from 'kubernetes-models/v1';
import { Deployment, StatefulSet } from 'kubernetes-models/apps/v1';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { Ingress, NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { VerticalPodAutoscaler } from '@kubernetes-models/autoscaler/autoscaling.k8s.io/v1';
import { isJsonObject, type K8sObject } from './kustomize/k8s-object';

interface Validatable {
  validate(): void;
}

const MODELS: Record<string, new (data: never) => Validatable> = {
  'v1/Namespace': Namespace,
  'v1/ConfigMap': ConfigMap,
  'v1/Secret': Secret,
  'v1/Service': Service,
  'v1/ServiceAccount': ServiceAccount,
  'apps/v1/Deployment': Deployment,
  'apps/v1/StatefulSet': StatefulSet,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'networking.k8s.io/v1/Ingress': Ingress,
  'networking.k8s.io/v1/NetworkPolicy': NetworkPolicy,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'autoscaling.k8s.io/v1/VerticalPodAutoscaler': VerticalPodAutoscaler,
};

/** Minimal structure of the Prometheus Operator objects (no schema package is installed for them). */
function validatePrometheusOperator(object: K8sObject): void {
  const spec = object['spec'];
  if (!isJsonObject(spec)) throw new Error('spec must be an object');
  if (object.kind === 'PrometheusRule') {
    const groups = spec['groups'];
    if (!Array.isArray(groups) || groups.length === 0)
      throw new Error('spec.groups must be a non-empty list');
    for (const group of groups) {
      if (!isJsonObject(group) || typeof group['name'] !== 'string' || !Array.isArray(group['rules'])) {
        throw new Error('every group needs a name and rules');
      }
      for (const rule of group['rules']) {
        if (!isJsonObject(rule) || typeof rule['expr'] !== 'string')
          throw new Error(`${group['name']}: a rule without expr`);
        if (typeof rule['alert'] !== 'string' && typeof rule['record'] !== 'string') {
          throw new Error(`${group['name']}: a rule is neither an alert nor a record`);
        }
        if (typeof rule['alert'] === 'string' && !isJsonObject(rule['labels'])) {
          throw new Error(`${rule['alert']}: an alert needs labels (severity)`);
        }
      }
    }
  } else if (object.kind === 'PodMonitor') {
    const endpoints = spec['podMetricsEndpoints'];
    if (!isJsonObject(spec['selector']) || !Array.isArray(endpoints) || endpoints.length === 0) {
      throw new Error('a PodMonitor needs a selector and podMetricsEndpoints');
    }
  } else {
    throw new Error(`no validation for ${object.kind}`);
  }
}

/**
 * kustomize cuts long base64 Secret values into lines; the API server's decoder (Go's base64)
 * skips the newlines, the schema's `byte` format does not. Check the value without them.
 */
function withUnwrappedSecretData(object: K8sObject): K8sObject {
  const data = object['data'];
  if (object.kind !== 'Secret' || !isJsonObject(data)) return object;
  const unwrapped = Object.fromEntries(
    Object.entries(data).map(([key, value]) => [
      key,
      typeof value === 'string' ? value.replace(/\n/g, '') : value,
    ]),
  );
  return { ...object, data: unwrapped };
}

/**
 * Validates one object offline: the Kubernetes OpenAPI schema (kubernetes-models) for built-in kinds
 * and the VPA, a structural check for the Prometheus Operator's. Unknown kinds are an error.
 */
export function validateObject(object: K8sObject): void {
  if (object.apiVersion === 'monitoring.coreos.com/v1') {
    validatePrometheusOperator(object);
    return;
  }
  const Model = MODELS[`${object.apiVersion}/${object.kind}`];
  if (!Model) throw new Error(`no schema for ${object.apiVersion} ${object.kind}`);
  new Model(withUnwrappedSecretData(object) as never).validate();
}
