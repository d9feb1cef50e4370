import { negotiateEncoding } from './negotiate-encoding';

describe('negotiateEncoding', () => {
  it.each([
    ['gzip', 'gzip'],
    ['br', 'br'],
    ['gzip, br', 'br'],
    ['br;q=0.5, gzip;q=0.8', 'gzip'],
    ['gzip;q=0.8, br;q=0.5', 'gzip'],
    ['gzip;q=0.9, br;q=0.9', 'br'],
    ['*', 'br'],
    ['*;q=0', undefined],
    ['identity', undefined],
    ['identity;q=0', undefined],
    ['gzip;q=0, br;q=0', undefined],
    ['gzip;q=0, *', 'br'],
    ['br;q=0, *;q=0.5', 'gzip'],
    ['GZIP', 'gzip'],
    ['Br;Q=1', 'br'],
    ['  gzip ;  q=0.3 ,  br ; q=0.2  ', 'gzip'],
    ['x-gzip', 'gzip'],
    ['deflate, compress', undefined],
    ['gzip;q=0.5, identity;q=1', undefined],
    ['gzip, identity;q=0', 'gzip'],
    ['br;q=abc, gzip', 'gzip'],
    ['br;q=1.5, gzip;q=0.1', 'gzip'],
    ['', undefined],
    ['   ', undefined],
    [undefined, undefined],
  ])('picks %p → %p', (header, expected) => {
    expect(negotiateEncoding(header)).toBe(expected);
  });

  it('reads a header sent on several lines', () => {
    expect(negotiateEncoding(['gzip;q=0.4', 'br;q=0.6'])).toBe('br');
  });

  it('only offers the codings it is given, in their order on a tie', () => {
    expect(negotiateEncoding('br, gzip', ['gzip'])).toBe('gzip');
    expect(negotiateEncoding('br', ['gzip'])).toBeUndefined();
    expect(negotiateEncoding('*', ['gzip', 'br'])).toBe('gzip');
  });
});
