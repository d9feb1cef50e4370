import { isJsonObject, type JsonValue } from './k8s-object';

export interface JsonPatchOperation {
  op: 'add' | 'replace' | 'remove' | 'test' | 'move' | 'copy';
  path: string;
  value?: JsonValue;
}

function tokens(path: string): string[] {
  if (!path.startsWith('/')) throw new Error(`JSON pointer must start with '/': ${path}`);
  return path
    .slice(1)
    .split('/')
    .map((token) => token.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** Applies RFC 6902 add, replace, remove and test operations to a copy of `document`. */
export function applyJson6902(document: JsonValue, operations: JsonPatchOperation[]): JsonValue {
  const root = structuredClone(document);
  for (const operation of operations) {
    const path = tokens(operation.path);
    const last = path.pop() as string;
    let parent: JsonValue = root;
    for (const token of path) {
      const next: JsonValue | undefined = Array.isArray(parent)
        ? parent[Number(token)]
        : isJsonObject(parent)
          ? parent[token]
          : undefined;
      if (next === undefined) throw new Error(`JSON patch ${operation.op}: no ${operation.path}`);
      parent = next;
    }
    if (Array.isArray(parent)) {
      const index = last === '-' ? parent.length : Number(last);
      if (operation.op === 'add') parent.splice(index, 0, structuredClone(operation.value as JsonValue));
      else if (index >= parent.length) throw new Error(`JSON patch ${operation.op}: no ${operation.path}`);
      else if (operation.op === 'replace') parent[index] = structuredClone(operation.value as JsonValue);
      else if (operation.op === 'remove') parent.splice(index, 1);
      else throw new Error(`JSON patch op ${operation.op} is not supported`);
    } else if (isJsonObject(parent)) {
      if (operation.op !== 'add' && !(last in parent)) {
        throw new Error(`JSON patch ${operation.op}: no ${operation.path}`);
      }
      if (operation.op === 'add' || operation.op === 'replace')
        parent[last] = structuredClone(operation.value as JsonValue);
      else if (operation.op === 'remove') delete parent[last];
      else throw new Error(`JSON patch op ${operation.op} is not supported`);
    } else {
      throw new Error(`JSON patch ${operation.op}: ${operation.path} is inside a scalar`);
    }
  }
  return root;
}
