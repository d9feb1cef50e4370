import { bearerToken } from './bearer-token';

describe('bearerToken', () => {
  it.each([
    ['Bearer abc', 'abc'],
    ['bearer abc', 'abc'],
    ['BEARER  abc ', 'abc'],
    ['Basic abc', undefined],
    ['Bearer', undefined],
    ['Bearer ', undefined],
    [`Bearer ${'k'.repeat(513)}`, undefined],
    [undefined, undefined],
    [['Bearer a', 'Bearer b'], undefined],
  ])('%p → %p', (header, expected) => {
    expect(bearerToken(header as string | undefined)).toBe(expected);
  });
});
