import { globToRegExp } from './glob-to-regexp';

describe('globToRegExp', () => {
  it.each([
    ['user:*', 'user:42', true],
    ['user:*', 'users:42', false],
    ['user:?', 'user:7', true],
    ['user:?', 'user:77', false],
    ['user:[0-9]', 'user:5', true],
    ['user:[0-9]', 'user:x', false],
    ['user:[^0-9]', 'user:x', true],
    ['a.b', 'a.b', true],
    ['a.b', 'axb', false],
    ['\\*literal', '*literal', true],
    ['\\*literal', 'xliteral', false],
    ['(x)+', '(x)+', true],
    ['*', 'anything at all', true],
  ])('%s matches %s: %p', (glob, key, expected) => {
    expect(globToRegExp(glob).test(key)).toBe(expected);
  });

  it.each(['', '[abc', 'trailing\\', 'x'.repeat(513)])('refuses %p', (glob) => {
    expect(() => globToRegExp(glob)).toThrow(expect.objectContaining({ code: 'INVALID_PATTERN' }));
  });
});
