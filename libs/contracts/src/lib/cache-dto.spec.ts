import {
  cacheKeySchema,
  invalidateSchema,
  isCacheKey,
  isNamespace,
  keyPatternSchema,
  MAX_KEY_BYTES,
  namespaceGlobSchema,
  MAX_PATTERN_BYTES,
  namespaceSchema,
} from './cache-dto';

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

describe('keyPatternSchema', () => {
  it.each([
    ['user:*', 'user:*'],
    ['a'.repeat(MAX_PATTERN_BYTES), 'a'.repeat(MAX_PATTERN_BYTES)],
    ['€'.repeat(170), '€'.repeat(170)], // 510 bytes
    ['😀'.repeat(128), '😀'.repeat(128)], // 512 bytes in 256 code units
    ['[!0-9]*', '[^0-9]*'], // as Redis reads it with the same meaning
  ])('accepts %p as %p', (pattern, parsed) => {
    expect(keyPatternSchema.parse(pattern)).toBe(parsed);
  });

  it.each([
    ['', 'must not be empty'],
    ['a'.repeat(MAX_PATTERN_BYTES + 1), 'at most 512 bytes of UTF-8'],
    ['€'.repeat(171), 'at most 512 bytes of UTF-8'], // 171 characters, 513 bytes
    ['😀'.repeat(129), 'at most 512 bytes of UTF-8'],
    ['new\nline*', 'control characters'],
    ['[z-a]', "is not a valid glob: the class at position 1 has the reversed range 'z-a'"],
    ['user:[0-9', "is not a valid glob: the class at position 6 has no closing ']'"],
    ['*'.repeat(1) + '?'.repeat(40), 'more than 32 wildcards'],
    [42, 'must be a string'],
  ])('refuses %p: %s', (pattern, message) => {
    const result = keyPatternSchema.safeParse(pattern);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.message)).toContainEqual(expect.stringContaining(message));
  });

  it('is the pattern of an invalidation', () => {
    expect(invalidateSchema.safeParse({ namespace: 'ns', pattern: '[z-a]' }).success).toBe(false);
    expect(invalidateSchema.safeParse({ namespace: 'ns', pattern: 'x'.repeat(513) }).success).toBe(false);
    expect(invalidateSchema.parse({ namespace: 'ns', pattern: 'user:[!0]*' }).pattern).toBe('user:[^0]*');
  });
});

describe('namespaceGlobSchema', () => {
  it.each(['auth', 'authz-*', 'sess-[0-9]', 'tenant-?', 'v[!0-1].cfg', '*'])('accepts %p', (glob) => {
    expect(namespaceGlobSchema.safeParse(glob).success).toBe(true);
  });

  it.each([
    ['', 'must be 1-256 characters'],
    ['a'.repeat(257), 'must be 1-256 characters'],
    ['Auth', "'Auth' can match no namespace"],
    ['auth:*', "'auth:*' can match no namespace"],
    ['authz-[z-a]', "'authz-[z-a]' is not a valid glob: the class at position 7 has the reversed range 'z-a'"],
    ['authz-[', "is not a valid glob: the class at position 7 has no closing ']'"],
  ])('refuses %p: %s', (glob, message) => {
    expect(namespaceGlobSchema.safeParse(glob).error?.issues[0].message).toContain(message);
  });
});
