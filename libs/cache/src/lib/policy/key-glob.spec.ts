import { isAppError, mapError } from '@hotpath/platform';
import { compileKeyGlob } from './key-glob';

describe('compileKeyGlob', () => {
  it.each([
    ['user:*', 'user:42', true],
    ['user:*', 'users:42', false],
    ['user:?', 'user:7', true],
    ['user:?', 'user:77', false],
    ['user:[0-9]', 'user:5', true],
    ['user:[0-9]', 'user:x', false],
    ['user:[^0-9]', 'user:x', true],
    ['user:[!0-9]', 'user:x', true],
    ['a.b', 'a.b', true],
    ['a.b', 'axb', false],
    ['\\*literal', '*literal', true],
    ['\\*literal', 'xliteral', false],
    ['(x)+', '(x)+', true],
    ['*', 'anything at all', true],
  ])('%s matches %s: %p', (glob, key, expected) => {
    expect(compileKeyGlob(glob).test(key)).toBe(expected);
  });

  it.each([
    ['', /1-512 bytes/],
    ['x'.repeat(513), /1-512 bytes/],
    ['€'.repeat(171), /1-512 bytes/], // 171 characters, 513 bytes
    ['user:\n*', /without control characters/],
    ['[abc', /no closing/],
    ['trailing\\', /lone/],
    ['user:[z-a]', /reversed range 'z-a'/],
    ['?'.repeat(33), /more than 32 wildcards/],
  ])('refuses %p as a 400 INVALID_PATTERN', (glob, message) => {
    let error: unknown;
    try {
      compileKeyGlob(glob);
    } catch (caught) {
      error = caught;
    }
    expect(isAppError(error) && error.code).toBe('INVALID_PATTERN');
    expect(mapError(error)).toMatchObject({ status: 400, code: 'INVALID_PATTERN', unexpected: false });
    expect((error as Error).message).toMatch(message);
  });

  it('answers a glob built to backtrack against the longest key (512 bytes) at once', () => {
    const glob = compileKeyGlob('a*a*a*a*a*a*a*b');
    const started = performance.now();
    expect(glob.test('a'.repeat(512))).toBe(false);
    expect(performance.now() - started).toBeLessThan(50);
  });
});
