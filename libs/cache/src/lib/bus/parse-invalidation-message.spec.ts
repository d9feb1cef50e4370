import { parseInvalidationMessage } from './parse-invalidation-message';

const stamp = { origin: 'cache-1:boot', seq: 3 };

describe('parseInvalidationMessage', () => {
  it.each([
    { kind: 'keys', namespace: 'users', keys: ['a', 'b'], ...stamp },
    { kind: 'keys', namespace: 'users', keys: [], ...stamp },
    { kind: 'pattern', namespace: 'users', pattern: 'user:*', ...stamp },
    { kind: 'tags', namespace: 'users', tags: ['t1'], ...stamp },
    { kind: 'namespace', namespace: 'users', ...stamp },
  ])('reads a $kind message', (message) => {
    expect(parseInvalidationMessage(JSON.stringify(message))).toEqual(message);
  });

  it('keeps only the known fields', () => {
    const raw = JSON.stringify({ kind: 'namespace', namespace: 'users', ...stamp, extra: { big: 'x' } });
    expect(parseInvalidationMessage(raw)).toEqual({ kind: 'namespace', namespace: 'users', ...stamp });
  });

  it.each([
    ['not JSON', 'not json'],
    ['JSON null', 'null'],
    ['an array', '[]'],
    ['a string', '"keys"'],
    ['an unknown kind', JSON.stringify({ kind: 'flush', namespace: 'users', ...stamp })],
    ['no namespace', JSON.stringify({ kind: 'namespace', ...stamp })],
    ['an empty namespace', JSON.stringify({ kind: 'namespace', namespace: '', ...stamp })],
    ['no origin', JSON.stringify({ kind: 'namespace', namespace: 'users', seq: 1 })],
    ['a string seq', JSON.stringify({ kind: 'namespace', namespace: 'users', origin: 'o', seq: '1' })],
    ['a zero seq', JSON.stringify({ kind: 'namespace', namespace: 'users', origin: 'o', seq: 0 })],
    ['a fractional seq', JSON.stringify({ kind: 'namespace', namespace: 'users', origin: 'o', seq: 1.5 })],
    ['keys that are not a list', JSON.stringify({ kind: 'keys', namespace: 'users', keys: 'a', ...stamp })],
    ['keys that are not strings', JSON.stringify({ kind: 'keys', namespace: 'users', keys: [1], ...stamp })],
    ['a pattern missing', JSON.stringify({ kind: 'pattern', namespace: 'users', ...stamp })],
    ['tags missing', JSON.stringify({ kind: 'tags', namespace: 'users', ...stamp })],
  ])('ignores %s', (_case, raw) => {
    expect(parseInvalidationMessage(raw)).toBeUndefined();
  });
});
