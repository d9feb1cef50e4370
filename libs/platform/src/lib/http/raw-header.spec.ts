import { rawHeader, REPEATED } from './raw-header';

describe('rawHeader', () => {
  const raw = ['Host', 'example.test', 'Authorization', 'Bearer k', 'if-none-match', '"1"', 'X-Thing', 'a'];

  it('finds a header whatever the case it was sent in', () => {
    expect(rawHeader(raw, 'authorization')).toBe('Bearer k');
    expect(rawHeader(raw, 'if-none-match')).toBe('"1"');
    expect(rawHeader(raw, 'x-thing')).toBe('a');
  });

  it('tells apart names of the same length, sent in lower case or not', () => {
    const sameLength = ['authorization', 'Bearer lower', 'If-None-Match', '"2"'];
    expect(rawHeader(sameLength, 'authorization')).toBe('Bearer lower');
    expect(rawHeader(sameLength, 'if-none-match')).toBe('"2"');
  });

  it('answers undefined for a header not sent', () => {
    expect(rawHeader(raw, 'x-request-id')).toBeUndefined();
    expect(rawHeader([], 'authorization')).toBeUndefined();
  });

  it('answers REPEATED for a header sent twice, in any case', () => {
    expect(rawHeader([...raw, 'AUTHORIZATION', 'Bearer other'], 'authorization')).toBe(REPEATED);
  });
});
