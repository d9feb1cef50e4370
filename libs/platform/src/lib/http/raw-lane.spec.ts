import type { IncomingMessage, ServerResponse } from 'node:http';
import { type RawExchange, RawLane } from './raw-lane';

/** A request as the Node parser leaves it: `rawHeaders` only (the lane never builds `headers`). */
const request = (method: string, url: string, rawHeaders: string[] = []) =>
  ({ method, url, rawHeaders }) as unknown as IncomingMessage;
const response = {} as ServerResponse;

describe('RawLane', () => {
  it('offers a request to the route whose method and static prefix match, and reports what it answered', () => {
    const lane = new RawLane();
    const exchanges: RawExchange[] = [];
    lane.onResponse((exchange) => exchanges.push(exchange));
    const seen: string[] = [];
    lane.add('GET', '/items/:id', (req, _res, requestId) => {
      seen.push(`${req.url} ${requestId}`);
      return 200;
    });

    expect(lane.serve(request('GET', '/items/42?x=1', ['X-Request-Id', 'abc']), response)).toBe(true);
    expect(lane.serve(request('PUT', '/items/42'), response)).toBe(false);
    expect(lane.serve(request('GET', '/other/42'), response)).toBe(false);
    expect(seen).toEqual(['/items/42?x=1 abc']);
    expect(exchanges).toEqual([
      expect.objectContaining({
        route: '/items/:id',
        statusCode: 200,
        requestId: 'abc',
        elapsedMs: expect.any(Number),
      }),
    ]);
  });

  it('passes on a request its handler declines, and reports nothing', () => {
    const lane = new RawLane();
    const exchanges: RawExchange[] = [];
    lane.onResponse((exchange) => exchanges.push(exchange));
    lane.add('GET', '/items/:id', () => undefined);
    expect(lane.serve(request('GET', '/items/1'), response)).toBe(false);
    expect(exchanges).toEqual([]);
  });

  it('gives a new request id to a request without a sane one, or with two', () => {
    const lane = new RawLane();
    const ids: string[] = [];
    lane.add('GET', '/items/:id', (_req, _res, requestId) => (ids.push(requestId), 200));
    lane.serve(request('GET', '/items/1', ['x-request-id', 'bad id with spaces']), response);
    lane.serve(request('GET', '/items/2'), response);
    lane.serve(request('GET', '/items/3', ['x-request-id', 'first', 'X-Request-ID', 'second']), response);
    expect(ids[0]).not.toBe('bad id with spaces');
    expect(ids[2]).not.toMatch(/first|second/);
    expect(new Set(ids).size).toBe(3);
  });

  it('passes every request on once closed', () => {
    const lane = new RawLane();
    lane.add('GET', '/items/:id', () => 200);
    lane.close();
    expect(lane.serve(request('GET', '/items/1'), response)).toBe(false);
  });
});
