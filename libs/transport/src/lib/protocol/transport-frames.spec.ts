import {
  decodeReply,
  decodeRequest,
  encodeReply,
  encodeRequest,
  MalformedFrameError,
} from './transport-frames';

describe('transport frames', () => {
  it('round-trips a request and a reply', () => {
    const request = {
      id: 'c:1',
      pattern: 'cache.get',
      data: { key: 'a', nested: [1, null] },
      apiKey: 'k',
      replyTo: 'r',
      deadline: 1234,
      correlationId: 'req-1',
    };
    expect(decodeRequest(encodeRequest(request))).toEqual(request);
    expect(decodeReply(encodeReply({ id: 'c:1', outcome: { response: null } }))).toEqual({
      id: 'c:1',
      outcome: { response: null },
    });
  });

  it('reads an event (no id, no reply stream) as one', () => {
    expect(decodeRequest(encodeRequest({ pattern: 'perf.report', data: { a: 1 } }))).toEqual({
      pattern: 'perf.report',
      data: { a: 1 },
    });
  });

  it.each([
    [['d', '{}', 'i', 'x', 'r', 'y'], 'the request names no pattern', { id: 'x', replyTo: 'y' }],
    [
      ['p', 'cache.get', 'd', '{nope', 'i', 'x', 'r', 'y'],
      'the payload is not JSON',
      { id: 'x', replyTo: 'y' },
    ],
  ])('refuses a malformed request %j, keeping where to answer', (fields, message, partial) => {
    const error = (() => {
      try {
        decodeRequest(fields);
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(MalformedFrameError);
    expect((error as MalformedFrameError).message).toBe(message);
    expect((error as MalformedFrameError).partial).toMatchObject(partial);
  });

  it('ignores a reply it cannot read', () => {
    expect(decodeReply(['i', 'x'])).toBeUndefined();
    expect(decodeReply(['i', 'x', 'o', '{'])).toBeUndefined();
  });
});
