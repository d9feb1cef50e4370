import { isCompressible } from './is-compressible';

describe('isCompressible', () => {
  it.each([
    ['application/json; charset=utf-8', true],
    ['application/problem+json', true],
    ['Application/JSON', true],
    ['application/vnd.api+json', true],
    ['text/html; charset=utf-8', true],
    ['text/plain', true],
    ['text/csv', true],
    ['application/javascript', true],
    ['application/xml', true],
    ['image/svg+xml', true],
    ['text/event-stream', false],
    ['image/png', false],
    ['application/octet-stream', false],
    ['application/gzip', false],
    ['video/mp4', false],
    ['', false],
  ])('%p → %p', (contentType, expected) => {
    expect(isCompressible(contentType)).toBe(expected);
  });
});
