import { isJsonObject, type JsonObject, type JsonValue } from './k8s-object';

/**
 * The merge keys of the lists this repository's patches touch (a subset of the Kubernetes
 * strategic-merge-patch schema). Any other list is replaced, as strategic merge does for lists
 * without a merge key.
 */
const MERGE_KEYS: Record<string, string> = {
  containers: 'name',
  initContainers: 'name',
  env: 'name',
  ports: 'containerPort',
  volumes: 'name',
  volumeMounts: 'mountPath',
  imagePullSecrets: 'name',
};

/** Applies a strategic-merge patch to `target` (both left untouched) and returns the result. */
export function strategicMerge(target: JsonValue, patch: JsonValue, field = ''): JsonValue {
  if (patch === null) return null;
  if (Array.isArray(patch)) {
    const key = MERGE_KEYS[field];
    if (
      !key ||
      !Array.isArray(target) ||
      (field === 'ports' && !patch.every((item) => isJsonObject(item) && key in item))
    ) {
      return structuredClone(patch);
    }
    const merged = structuredClone(target);
    for (const item of patch) {
      if (!isJsonObject(item)) throw new Error(`strategic merge: ${field} items must be objects`);
      const index = merged.findIndex((existing) => isJsonObject(existing) && existing[key] === item[key]);
      if (item['$patch'] === 'delete') {
        if (index >= 0) merged.splice(index, 1);
      } else if (index >= 0) {
        merged[index] = strategicMerge(merged[index], item, '');
      } else {
        merged.push(structuredClone(item));
      }
    }
    return merged;
  }
  if (!isJsonObject(patch)) return patch;
  const result: JsonObject = isJsonObject(target) ? structuredClone(target) : {};
  for (const [name, value] of Object.entries(patch)) {
    if (name === '$patch') continue;
    if (value === null) delete result[name];
    else result[name] = strategicMerge(result[name] ?? null, value, name);
  }
  return result;
}
