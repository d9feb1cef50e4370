import type { JsonPatchOperation } from './json6902';

export interface GeneratorArgs {
  name: string;
  namespace?: string;
  behavior?: 'create' | 'merge' | 'replace';
  literals?: string[];
  files?: string[];
  envs?: string[];
  type?: string;
  options?: { labels?: Record<string, string>; disableNameSuffixHash?: boolean };
}

export interface PatchEntry {
  path?: string;
  patch?: string;
  target?: { kind?: string; name?: string; namespace?: string };
}

/** The fields of kustomization.yaml (kind Kustomization or Component) that the builder implements. */
export interface KustomizationFile {
  apiVersion?: string;
  kind?: 'Kustomization' | 'Component';
  resources?: string[];
  components?: string[];
  namespace?: string;
  labels?: { pairs: Record<string, string>; includeSelectors?: boolean; includeTemplates?: boolean }[];
  images?: { name: string; newName?: string; newTag?: string; digest?: string }[];
  configMapGenerator?: GeneratorArgs[];
  secretGenerator?: GeneratorArgs[];
  patches?: PatchEntry[];
}

export const SUPPORTED_FIELDS = new Set([
  'apiVersion',
  'kind',
  'resources',
  'components',
  'namespace',
  'labels',
  'images',
  'configMapGenerator',
  'secretGenerator',
  'patches',
]);

export type { JsonPatchOperation };
