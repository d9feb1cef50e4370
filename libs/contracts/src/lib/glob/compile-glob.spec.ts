import { compileGlob, MAX_GLOB_WILDCARDS } from './compile-glob';
import { GlobSyntaxError } from './glob-syntax.error';

describe('compileGlob', () => {
  it.each([
    ['user:*', 'user:42', true],
    ['user:*', 'user:', true],
    ['user:*', 'users:42', false],
    ['*:42', 'user:42', true],
    ['*:42', 'user:421', false],
    ['user:?', 'user:7', true],
    ['user:?', 'user:77', false],
    ['user:?', 'user:', false],
    ['u*r:*2', 'user:42', true],
    ['u*r:*2', 'user:43', false],
    ['*a*b', 'xaxbxb', true],
    ['*a*b', 'xaxbxc', false],
    ['a**b', 'ab', true],
    ['user:[0-9]', 'user:5', true],
    ['user:[0-9]', 'user:x', false],
    ['user:[^0-9]', 'user:x', true],
    ['user:[^0-9]', 'user:5', false],
    ['user:[!0-9]', 'user:x', true],
    ['user:[!0-9]', 'user:5', false],
    ['user:[\\!0]', 'user:!', true],
    ['[abc]', 'b', true],
    ['[abc]', 'd', false],
    ['[a-cx-z]', 'y', true],
    ['[a-cx-z]', 'm', false],
    ['[-a]', '-', true],
    ['[a\\-z]', '-', true],
    ['[a\\-z]', 'm', false],
    ['[\\a-z]', '-', true], // an escaped character never starts a range, as in Redis
    ['[\\a-z]', 'm', false],
    ['[\\]]', ']', true],
    ['[[]', '[', true],
    ['[^a]', 'é', true],
    ['a.b', 'a.b', true],
    ['a.b', 'axb', false],
    ['\\*literal', '*literal', true],
    ['\\*literal', 'xliteral', false],
    ['\\?', '?', true],
    ['\\?', 'x', false],
    ['(x)+', '(x)+', true],
    ['a]b', 'a]b', true],
    ['*', 'anything at all', true],
    ['*', '', true],
    ['', '', true],
    ['', 'x', false],
    ['?', '😀', true], // one character, though two UTF-16 code units
    ['??', '😀', false],
    ['*😀?', 'a😀b', true],
  ])('%p matches %p: %p', (pattern, text, expected) => {
    expect(compileGlob(pattern).test(text)).toBe(expected);
  });

  it.each([
    ['trailing\\', /lone '\\'/],
    ['[abc', /position 1 has no closing ']'/],
    ['ab[c', /position 3 has no closing ']'/],
    ['[a\\', /no closing ']'/],
    ['[]', /is empty/],
    ['[^]', /is empty/],
    ['[]a]', /is empty/],
    ['[z-a]', /reversed range 'z-a'/],
    ['[9-0]', /reversed range/],
    ['[a-]', /range 'a-' without an end/],
    ['[a-\\z]', /without an end/],
    ['[é]', /non-ASCII/],
    ['[a-é]', /non-ASCII/],
    ['*'.repeat(1) + '?'.repeat(MAX_GLOB_WILDCARDS), /more than 32 wildcards/],
    ['[a]'.repeat(MAX_GLOB_WILDCARDS + 1), /more than 32 wildcards/],
  ])('refuses %p', (pattern, message) => {
    let error: unknown;
    try {
      compileGlob(pattern);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(GlobSyntaxError);
    expect((error as Error).message).toMatch(message);
  });

  it.each([
    ['*'.repeat(100), true], // a run of stars is one wildcard
    ['?'.repeat(MAX_GLOB_WILDCARDS), true],
  ])('counts %p within the wildcard cap', (pattern) => {
    expect(() => compileGlob(pattern)).not.toThrow();
  });

  it.each([
    ['user:*', 'user:*'],
    ['[!a-c]x', '[^a-c]x'],
    ['[^a-c]x', '[^a-c]x'],
    ['[\\!a]', '[\\!a]'],
    ['\\[!a]', '\\[!a]'],
  ])('spells %p for Redis as %p', (pattern, redisPattern) => {
    expect(compileGlob(pattern).redisPattern).toBe(redisPattern);
  });

  it.each([
    ['auth', 'auth'],
    ['a\\*b', 'a*b'],
    ['', ''],
    ['auth*', undefined],
    ['[a]', undefined],
  ])('knows %p is the literal %p', (pattern, literal) => {
    expect(compileGlob(pattern).literal).toBe(literal);
  });

  it('agrees with an anchored RegExp on a thousand random globs and texts', () => {
    // A small alphabet makes partial matches, and so the cases where a star must take more, common.
    let seed = 7;
    const random = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const parts = ['a', 'b', '*', '?', '[ab]', '[^a]', '[!b]', 'ab', '\\*'];
    const sources = ['a', 'b', '[ab]', '[^a]', '[^b]', 'ab', '\\*'];
    const disagreements: string[] = [];
    for (let n = 0; n < 1000; n++) {
      const picked = Array.from({ length: 1 + random(6) }, () => random(parts.length));
      const glob = picked.map((index) => parts[index]).join('');
      const regexp = new RegExp(
        `^${picked.map((index) => ['a', 'b', '.*', '.', sources[2], sources[3], sources[4], 'ab', sources[6]][index]).join('')}$`,
        'u',
      );
      const text = Array.from({ length: random(9) }, () => ['a', 'b', '*'][random(3)]).join('');
      if (compileGlob(glob).test(text) !== regexp.test(text)) disagreements.push(`${glob} ~ ${text}`);
    }
    expect(disagreements).toEqual([]);
  });

  it.each([
    ['a*a*a*a*a*a*a*b', 'a'.repeat(512)],
    ['*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b', 'a'.repeat(512)],
    ['*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*[b]', 'a'.repeat(512)],
    [`*${'a'.repeat(400)}b`, 'a'.repeat(512)],
    [`*${'a'.repeat(400)}b*`, 'a'.repeat(512)],
    [`*${'a?'.repeat(15)}b*`, 'a'.repeat(512)],
    [`a*${'a'.repeat(200)}*${'a?'.repeat(10)}*b`, 'a'.repeat(512)],
  ])(
    'answers %p against the longest key (512 a) quickly, where a backtracking RegExp takes ages',
    (pattern, text) => {
      const glob = compileGlob(pattern);
      const started = performance.now();
      expect(glob.test(text)).toBe(false);
      expect(glob.test(`${text}b`)).toBe(true);
      expect(performance.now() - started).toBeLessThan(50);
    },
  );
});
