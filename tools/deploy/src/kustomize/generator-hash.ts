import { createHash } from 'node:crypto';
import { isJsonObject, type JsonValue } from './k8s-object';

/** Go's json.Marshal: sorted map keys, and <, >, &, U+2028, U+2029 escaped. */
function goJson(value: JsonValue): string {
  if (Array.isArray(value)) return `[${value.map(goJson).join(',')}]`;
  if (isJsonObject(value)) {
    const keys = Object.keys(value).sort();
    return `{${keys.map((key) => `${goJson(key)}:${goJson(value[key])}`).join(',')}}`;
  }
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/**
 * Secret data as kustomize writes it: base64, and above 70 characters cut into 70-character lines
 * each ending in a newline (the value is then a YAML block scalar; the API server accepts it).
 */
export function kustomizeBase64(value: string): string {
  const encoded = Buffer.from(value).toString('base64');
  if (encoded.length <= 70) return encoded;
  return (encoded.match(/.{1,70}/g) ?? []).map((line) => `${line}\n`).join('');
}

/**
 * The name suffix kustomize gives a generated ConfigMap or Secret: the first 10 hex digits of the
 * SHA-256 of its Go-JSON encoding ({kind, name, data[, type]}), with 0 1 3 a e mapped to g h k m t.
 * Secret data is hashed as it is written (kustomizeBase64). kustomize 5 hashes the generated
 * object before it is named, so `name` is always empty in the encoding: two generators with the
 * same data get the same suffix.
 */
export function generatorHash(
  kind: 'ConfigMap' | 'Secret',
  data: Record<string, string>,
  secretType = 'Opaque',
): string {
  const name = '';
  const encoded: Record<string, JsonValue> =
    kind === 'ConfigMap'
      ? { kind, name, data }
      : {
          kind,
          type: secretType,
          name,
          data: Object.fromEntries(Object.entries(data).map(([key, value]) => [key, kustomizeBase64(value)])),
        };
  const hex = createHash('sha256').update(goJson(encoded)).digest('hex').slice(0, 10);
  const map: Record<string, string> = { '0': 'g', '1': 'h', '3': 'k', a: 'm', e: 't' };
  return [...hex].map((char) => map[char] ?? char).join('');
}
