import { ALL_SCOPES, isScope } from './scopes';

describe('scopes', () => {
  it('lists the six scopes of the architecture contract', () => {
    expect([...ALL_SCOPES].sort()).toEqual([
      'cache:admin',
      'cache:read',
      'cache:write',
      'perf:optimize',
      'perf:profile',
      'perf:read',
    ]);
  });

  it.each([
    ['cache:read', true],
    ['perf:profile', true],
    ['cache:*', false],
    ['CACHE:READ', false],
    [42, false],
    [undefined, false],
  ])('isScope(%p) is %p', (value, expected) => {
    expect(isScope(value)).toBe(expected);
  });
});
