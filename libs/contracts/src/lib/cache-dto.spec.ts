import { cacheKeySchema, isCacheKey, isNamespace, MAX_KEY_BYTES, namespaceSchema } from './cache-dto';

/** The predicates are the hot route's shortcut past the schemas: they must agree on every input. */
describe('isCacheKey and isNamespace agree with their schemas', () => {
  const keys: unknown[] = [
    'user:1',
    '',
    'a'.repeat(MAX_KEY_BYTES),
    'a'.repeat(MAX_KEY_BYTES + 1),
    '€'.repeat(170), // 510 bytes: accepted without counting bytes
    '€'.repeat(171), // 513 bytes
    '😀'.repeat(128), // 512 bytes in 256 code units
    '😀'.repeat(129),
    'tab\there',
    'del\u007f',
    'new\nline',
    42,
    null,
    undefined,
    ['user:1'],
  ];

  it.each(keys.map((key) => [key]))('key %p', (key) => {
    expect(isCacheKey(key)).toBe(cacheKeySchema.safeParse(key).success);
  });

  it('accepts ordinary keys and refuses over-long or control-character ones', () => {
    expect(keys.filter(isCacheKey)).toEqual(['user:1', 'a'.repeat(MAX_KEY_BYTES), '€'.repeat(170), '😀'.repeat(128)]);
  });

  const namespaces: unknown[] = ['default', 'a', 'users.v2_x-1', 'Users', '-x', 'a'.repeat(64), 'a'.repeat(65), '', 7, ['a']];

  it.each(namespaces.map((namespace) => [namespace]))('namespace %p', (namespace) => {
    expect(isNamespace(namespace)).toBe(namespaceSchema.safeParse(namespace).success);
  });
});
