import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import type { JsonValue } from './k8s-object';

/** Every non-empty document of a YAML file; a syntax error names the file. */
export function loadYamlDocuments(path: string): JsonValue[] {
  const documents = parseAllDocuments(readFileSync(path, 'utf8'));
  const list = Array.isArray(documents) ? documents : [documents];
  return list.flatMap((document) => {
    if (document.errors.length > 0) throw new Error(`${path}: ${document.errors[0].message}`);
    const value = document.toJS() as JsonValue;
    return value === null || value === undefined ? [] : [value];
  });
}
