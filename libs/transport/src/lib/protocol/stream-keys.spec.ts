import { assertKeyPart, isReplyStream, streamKeys } from './stream-keys';

describe('stream keys', () => {
  it('keeps a service’s keys in one cluster slot (one hash tag)', () => {
    for (const key of [
      streamKeys.requests('cache-service'),
      streamKeys.instance('cache-service', 'pod-1'),
      streamKeys.presence('cache-service'),
    ]) {
      expect(key).toContain('{cache-service}');
    }
  });

  it.each([
    [streamKeys.replies('0f6c'), true],
    ['hotpath:rpc:reply:{abc}', true],
    ['bull:hotpath.cache-warm:events', false],
    ['hotpath:rpc:{cache-service}:requests', false],
    ['hotpath:rpc:reply:{abc}:more', false],
    ['hotpath:rpc:reply:{a}b}', false],
  ])('isReplyStream(%s) is %s', (key, expected) => {
    expect(isReplyStream(key)).toBe(expected);
  });

  it.each(['', 'a b', 'x{y}', 'a'.repeat(129)])('refuses %j as a service or instance name', (name) => {
    expect(() => assertKeyPart('service', name)).toThrow(TypeError);
  });
});
