import type { InvalidationMessage } from './invalidation-message';

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0;
}

function isStringList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

/**
 * Reads one message of the bus channel. Returns `undefined` for anything that is not a well-formed
 * {@link InvalidationMessage} (bad JSON, unknown kind, missing or mistyped field, `seq` not a
 * positive safe integer); never throws. The result holds only the known fields.
 */
export function parseInvalidationMessage(raw: string): InvalidationMessage | undefined {
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    return undefined;
  }
  if (!isObject(data)) return undefined;
  const { kind, namespace, origin, seq } = data;
  if (!isNonEmptyString(namespace) || !isNonEmptyString(origin)) return undefined;
  if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 1) return undefined;
  switch (kind) {
    case 'keys':
      return isStringList(data.keys) ? { kind, namespace, keys: [...data.keys], origin, seq } : undefined;
    case 'pattern':
      return isNonEmptyString(data.pattern)
        ? { kind, namespace, pattern: data.pattern, origin, seq }
        : undefined;
    case 'tags':
      return isStringList(data.tags) ? { kind, namespace, tags: [...data.tags], origin, seq } : undefined;
    case 'namespace':
      return { kind, namespace, origin, seq };
    default:
      return undefined;
  }
}
