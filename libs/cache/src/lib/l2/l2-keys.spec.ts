import { CacheError } from '../errors/cache.error';
import { clusterKeySlot } from './cluster-key-slot';
import { crc16 } from './crc16';
import { L2Keys } from './l2-keys';

/** Redis's glob matcher for the subset L2 uses (`*`, `?`, `[...]`, `\` escapes), anchored. */
function globToRegExp(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i];
    if (char === '\\') source += `\\${pattern[++i]}`;
    else if (char === '*') source += '[\\s\\S]*';
    else if (char === '?') source += '[\\s\\S]';
    else if (char === '[') {
      const end = pattern.indexOf(']', i + 1);
      source += `[${pattern
        .slice(i + 1, end)
        .replace(/^\^/, '^')
        .replace(/\\/g, '\\\\')}]`;
      i = end;
    } else source += char.replace(/[.+^${}()|\]\\/]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, 'u');
}

/** The `k:` tag of a user key, from the checksum alone. */
function clusterTag(key: string): string {
  return `k:${crc16(key).toString(16).padStart(4, '0')}`;
}

describe('L2Keys', () => {
  const keys = new L2Keys('hp');

  it('puts an explicit fixed-length hash tag before the user key, so braces in the key are inert', () => {
    const redisKey = keys.entry('users', 'a}b{c}');
    expect(redisKey).toMatch(/^hp:users:e:\{k:[0-9a-f]{4}\}:a\}b\{c\}$/);
    expect(clusterKeySlot(redisKey)).toBe(clusterKeySlot(redisKey.slice(0, 19)));
  });

  it('spreads keys over slots by default and keeps a namespace in one slot with hashTag', () => {
    const names = Array.from({ length: 200 }, (_, i) => `key-${i}`);
    const spread = new Set(names.map((name) => clusterKeySlot(keys.entry('users', name))));
    const together = new Set(names.map((name) => clusterKeySlot(keys.entry('users', name, true))));
    expect(spread.size).toBeGreaterThan(150);
    expect([...together]).toEqual([clusterKeySlot(keys.tagSet('users', 'any-tag'))]);
  });

  it.each(['plain', 'a:b', '{x}', '}{', 'ü*?[x]', '😀'])(
    'gives back user key %j from its Redis key',
    (key) => {
      expect(keys.userKey('users', keys.entry('users', key))).toBe(key);
      expect(keys.userKey('users', keys.entry('users', key, true))).toBe(key);
    },
  );

  it.each([
    ['*', 'x}:y', true],
    ['y', 'x}:y', false],
    ['user:*', 'user:1', true],
    ['user:?', 'user:12', false],
    ['[ab]*', 'b-key', true],
    ['[ab]*', 'c-key', false],
    ['\\*', '*', true],
    ['\\*', 'x', false],
  ])('pattern %j on key %j matches: %s', (glob, key, expected) => {
    const pattern = globToRegExp(keys.entryPattern('users', glob));
    expect(pattern.test(keys.entry('users', key))).toBe(expected);
    expect(pattern.test(keys.entry('users', key, true))).toBe(expected);
  });

  it("spells [!...] as Redis's [^...], so that Redis reads it as L1 does", () => {
    expect(keys.entryPattern('users', 'user:[!0-9]*')).toMatch(/:user:\[\^0-9\]\*$/);
  });

  it('never lets a pattern reach another namespace, prefix, tag set or lock', () => {
    const pattern = globToRegExp(keys.entryPattern('users', '*'));
    expect(pattern.test(keys.entry('users2', 'x'))).toBe(false);
    expect(pattern.test(new L2Keys('hp2').entry('users', 'x'))).toBe(false);
    expect(pattern.test(keys.tagSet('users', 'x'))).toBe(false);
    expect(pattern.test(keys.lock('users', 'x'))).toBe(false);
    expect(globToRegExp(keys.namespacePattern('users')).test(keys.entry('users2', 'x'))).toBe(false);
  });

  it.each(['😀'.repeat(128), 'é'.repeat(256), 'k'.repeat(512), '\u0800'.repeat(170)])(
    'accepts a key of at most 512 bytes of UTF-8 (%#)',
    (key) => {
      expect(keys.entry('users', key).endsWith(`}:${key}`)).toBe(true);
    },
  );

  it('builds the same keys for any number of namespaces, and checks a bad one every time', () => {
    const many = Array.from({ length: 3000 }, (_, i) => `ns-${i}`);
    for (const ns of many) keys.entry(ns, 'k');
    expect(keys.entry('ns-7', 'k')).toBe(`hp:ns-7:e:{${clusterTag('k')}}:k`);
    expect(keys.entry('ns-7', 'k', true)).toBe(keys.entry('ns-7', 'other', true).replace(/other$/, 'k'));
    for (let i = 0; i < 2; i++)
      expect(() => keys.entry('Bad', 'k')).toThrow(expect.objectContaining({ code: 'INVALID_NAMESPACE' }));
  });

  it('escapes glob characters of the prefix', () => {
    expect(new L2Keys('t*[1]?').namespacePattern('ns')).toBe('t\\*\\[1\\]\\?:ns:*');
  });

  it.each([
    ['INVALID_NAMESPACE', () => keys.entry('Users', 'x')],
    ['INVALID_NAMESPACE', () => keys.entryPattern('a:b', '*')],
    ['INVALID_KEY', () => keys.entry('users', '')],
    ['INVALID_KEY', () => keys.entry('users', 'é'.repeat(257))],
    ['INVALID_KEY', () => keys.entry('users', 'a\nb')],
    ['INVALID_KEY', () => keys.entry('users', '\ud800')],
    ['INVALID_KEY', () => keys.entry('users', 'a\udc00')],
    ['INVALID_KEY', () => keys.entry('users', '\ud83d\ud83d')],
    ['INVALID_KEY', () => keys.entry('users', 'x\u007f')],
    ['INVALID_KEY', () => keys.entry('users', '😀'.repeat(128) + 'x')],
    ['INVALID_KEY', () => keys.entry('users', '\u0000', true)],
    ['INVALID_NAMESPACE', () => keys.entry('Users', 'x', true)],
    ['INVALID_PATTERN', () => keys.entryPattern('users', '')],
    ['INVALID_PATTERN', () => keys.entryPattern('users', '[abc')],
    ['INVALID_PATTERN', () => keys.entryPattern('users', 'abc\\')],
    ['INVALID_PATTERN', () => keys.entryPattern('users', '[z-a]')],
    ['INVALID_PATTERN', () => keys.entryPattern('users', 'a'.repeat(513))],
    ['INVALID_PATTERN', () => keys.entryPattern('users', '?'.repeat(33))],
    ['INVALID_OPTIONS', () => new L2Keys('a{b}')],
  ])('rejects with %s', (code, build) => {
    expect(build).toThrow(CacheError);
    expect(build).toThrow(expect.objectContaining({ code }));
  });
});
