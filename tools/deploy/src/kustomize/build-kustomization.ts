import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { parse } from 'yaml';
import type { BuildItem } from './build-item';
import { applyJson6902, type JsonPatchOperation } from './json6902';
import { isJsonObject, type JsonValue, type K8sObject } from './k8s-object';
import {
  type GeneratorArgs,
  type KustomizationFile,
  type PatchEntry,
  SUPPORTED_FIELDS,
} from './kustomization-file';
import { loadYamlDocuments } from './load-yaml';
import { rewriteGeneratedNames } from './rewrite-generated-names';
import { strategicMerge } from './strategic-merge';

const CLUSTER_SCOPED = new Set([
  'Namespace',
  'ClusterRole',
  'ClusterRoleBinding',
  'CustomResourceDefinition',
  'PersistentVolume',
  'StorageClass',
  'PriorityClass',
  'IngressClass',
]);

/**
 * `kustomize build <dir>` for the subset of kustomize this repository uses: resources (files and
 * directories), components, generators (ConfigMap and Secret: literals, files, env files; create,
 * merge and replace; hash suffixes and the references to them), patches (strategic merge, or
 * JSON 6902 with a target), namespace, labels (metadata only) and images. A kustomization field
 * outside that subset is an error, so the overlays cannot drift beyond what the tests check.
 */
export function buildKustomization(dir: string): K8sObject[] {
  const items = buildLayer(resolve(dir), 'Kustomization', []);
  return rewriteGeneratedNames(items);
}

function loadKustomization(dir: string, kind: 'Kustomization' | 'Component'): KustomizationFile {
  const path = ['kustomization.yaml', 'kustomization.yml', 'Kustomization']
    .map((name) => join(dir, name))
    .find((candidate) => existsSync(candidate));
  if (!path) throw new Error(`${dir}: no kustomization.yaml`);
  const file = parse(readFileSync(path, 'utf8')) as KustomizationFile;
  for (const field of Object.keys(file)) {
    if (!SUPPORTED_FIELDS.has(field))
      throw new Error(`${path}: field '${field}' is not supported by this builder`);
  }
  if ((file.kind ?? 'Kustomization') !== kind) throw new Error(`${path}: expected kind ${kind}`);
  for (const label of file.labels ?? []) {
    if (label.includeSelectors || label.includeTemplates) {
      throw new Error(`${path}: labels with includeSelectors/includeTemplates are not supported`);
    }
  }
  return file;
}

/** Builds one kustomization (or applies one component onto `inherited`). */
function buildLayer(dir: string, kind: 'Kustomization' | 'Component', inherited: BuildItem[]): BuildItem[] {
  const file = loadKustomization(dir, kind);
  let items = [...inherited];
  for (const entry of file.resources ?? []) {
    const path = resolve(dir, entry);
    if (statSync(path).isDirectory()) items.push(...buildLayer(path, 'Kustomization', []));
    else items.push(...loadYamlDocuments(path).map((document) => ({ object: asObject(document, path) })));
  }
  for (const component of file.components ?? []) {
    items = buildLayer(resolve(dir, component), 'Component', items);
  }
  for (const args of file.configMapGenerator ?? []) items = generate(dir, 'ConfigMap', args, items);
  for (const args of file.secretGenerator ?? []) items = generate(dir, 'Secret', args, items);
  for (const patch of file.patches ?? []) items = applyPatch(dir, patch, items);
  if (file.namespace) {
    for (const { object } of items) {
      if (!CLUSTER_SCOPED.has(object.kind)) object.metadata.namespace = file.namespace;
    }
  }
  for (const { pairs } of file.labels ?? []) {
    for (const { object } of items) object.metadata.labels = { ...object.metadata.labels, ...pairs };
  }
  for (const image of file.images ?? []) {
    for (const { object } of items) setImages(object as unknown as JsonValue, image);
  }
  return items;
}

function asObject(document: JsonValue, source: string): K8sObject {
  if (
    !isJsonObject(document) ||
    typeof document['kind'] !== 'string' ||
    !isJsonObject(document['metadata'])
  ) {
    throw new Error(`${source}: a document without kind or metadata`);
  }
  return document as unknown as K8sObject;
}

function splitPair(text: string, source: string): [string, string] {
  const at = text.indexOf('=');
  if (at <= 0) throw new Error(`${source}: '${text}' is not KEY=VALUE`);
  return [text.slice(0, at), text.slice(at + 1)];
}

/** kustomize strips one pair of matching surrounding quotes from a literal's value. */
function unquote(value: string): string {
  if (value.length >= 2 && value[0] === value[value.length - 1] && (value[0] === '"' || value[0] === "'")) {
    return value.slice(1, -1);
  }
  return value;
}

function generatorData(dir: string, args: GeneratorArgs): Record<string, string> {
  const data: Record<string, string> = {};
  for (const literal of args.literals ?? []) {
    const [key, value] = splitPair(literal, args.name);
    data[key] = unquote(value);
  }
  for (const file of args.files ?? []) {
    const [key, path] = file.includes('=') ? splitPair(file, args.name) : [basename(file), file];
    data[key] = readFileSync(resolve(dir, path), 'utf8');
  }
  for (const env of args.envs ?? []) {
    for (const line of readFileSync(resolve(dir, env), 'utf8').split('\n')) {
      const trimmed = line.trim();
      if (trimmed === '' || trimmed.startsWith('#')) continue;
      const [key, value] = splitPair(trimmed, env);
      data[key] = value;
    }
  }
  return data;
}

function generate(
  dir: string,
  kind: 'ConfigMap' | 'Secret',
  args: GeneratorArgs,
  items: BuildItem[],
): BuildItem[] {
  const data = generatorData(dir, args);
  const behavior = args.behavior ?? 'create';
  const existing = items.find(
    (item) =>
      item.object.kind === kind &&
      item.generated?.originalName === args.name &&
      (args.namespace === undefined || item.object.metadata.namespace === args.namespace),
  );
  if (behavior !== 'create') {
    if (!existing?.generated) throw new Error(`${kind} ${args.name}: nothing to ${behavior} with`);
    existing.generated.data = behavior === 'merge' ? { ...existing.generated.data, ...data } : data;
    if (args.options?.labels) {
      existing.object.metadata.labels = { ...existing.object.metadata.labels, ...args.options.labels };
    }
    return items;
  }
  if (existing) throw new Error(`${kind} ${args.name} is generated twice`);
  const object: K8sObject = {
    apiVersion: 'v1',
    kind,
    metadata: {
      name: args.name,
      ...(args.namespace ? { namespace: args.namespace } : {}),
      ...(args.options?.labels ? { labels: { ...args.options.labels } } : {}),
    },
  };
  return [
    ...items,
    {
      object,
      generated: {
        originalName: args.name,
        hashSuffix: !args.options?.disableNameSuffixHash,
        data,
        ...(kind === 'Secret' ? { secretType: args.type ?? 'Opaque' } : {}),
      },
    },
  ];
}

function matches(object: K8sObject, target: PatchEntry['target'] & object): boolean {
  return (
    (target.kind === undefined || object.kind === target.kind) &&
    (target.name === undefined || new RegExp(`^(?:${target.name})$`).test(object.metadata.name)) &&
    (target.namespace === undefined || object.metadata.namespace === target.namespace)
  );
}

function applyPatch(dir: string, entry: PatchEntry, items: BuildItem[]): BuildItem[] {
  const source = entry.path ?? 'inline patch';
  const documents = entry.path
    ? loadYamlDocuments(resolve(dir, entry.path))
    : [parse(entry.patch ?? '') as JsonValue];
  for (const document of documents) {
    if (Array.isArray(document)) {
      if (!entry.target) throw new Error(`${source}: a JSON 6902 patch needs a target`);
      const targets = items.filter(({ object }) => matches(object, entry.target ?? {}));
      if (targets.length === 0) throw new Error(`${source}: no object matches its target`);
      for (const item of targets) {
        item.object = applyJson6902(
          item.object as unknown as JsonValue,
          document as unknown as JsonPatchOperation[],
        ) as unknown as K8sObject;
      }
      continue;
    }
    const patch = asObject(document, source);
    const target = entry.target ?? {
      kind: patch.kind,
      name: patch.metadata.name,
      ...(patch.metadata.namespace ? { namespace: patch.metadata.namespace } : {}),
    };
    const targets = items.filter(({ object }) => matches(object, target));
    if (targets.length === 0) throw new Error(`${source}: no ${patch.kind} ${patch.metadata.name} to patch`);
    for (const item of targets) {
      const { name, namespace } = item.object.metadata;
      const merged = strategicMerge(
        item.object as unknown as JsonValue,
        patch as unknown as JsonValue,
      ) as unknown as K8sObject;
      merged.metadata.name = name;
      if (namespace === undefined) delete merged.metadata.namespace;
      else merged.metadata.namespace = namespace;
      item.object = merged;
    }
  }
  return items;
}

/** Splits `registry/name:tag@digest` into name, tag and digest (a registry port is not a tag). */
function parseImage(image: string): { name: string; tag?: string; digest?: string } {
  const [withoutDigest, digest] = image.split('@');
  const colon = withoutDigest.lastIndexOf(':');
  const hasTag = colon > withoutDigest.lastIndexOf('/');
  return {
    name: hasTag ? withoutDigest.slice(0, colon) : withoutDigest,
    ...(hasTag ? { tag: withoutDigest.slice(colon + 1) } : {}),
    ...(digest ? { digest } : {}),
  };
}

function setImages(node: JsonValue, rule: NonNullable<KustomizationFile['images']>[number]): void {
  if (Array.isArray(node)) {
    for (const child of node) setImages(child, rule);
    return;
  }
  if (!isJsonObject(node)) return;
  for (const [field, value] of Object.entries(node)) {
    if ((field === 'containers' || field === 'initContainers') && Array.isArray(value)) {
      for (const container of value) {
        if (!isJsonObject(container) || typeof container['image'] !== 'string') continue;
        const image = parseImage(container['image']);
        if (image.name !== rule.name) continue;
        const name = rule.newName ?? image.name;
        if (rule.digest) container['image'] = `${name}@${rule.digest}`;
        else {
          const tag = rule.newTag ?? image.tag;
          container['image'] =
            `${name}${tag ? `:${tag}` : ''}${!rule.newTag && image.digest ? `@${image.digest}` : ''}`;
        }
      }
    } else {
      setImages(value, rule);
    }
  }
}
