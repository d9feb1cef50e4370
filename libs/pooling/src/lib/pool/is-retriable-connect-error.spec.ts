import { isRetriableConnectError } from './is-retriable-connect-error';

const withCode = (code: string, message = 'x'): Error => Object.assign(new Error(message), { code });

describe('isRetriableConnectError', () => {
  it.each<[string, unknown, boolean]>([
    ['connection refused', withCode('ECONNREFUSED'), true],
    ['connection reset', withCode('ECONNRESET'), true],
    ['too many connections (53300)', withCode('53300'), true],
    ['the database system is starting up (57P03)', withCode('57P03'), true],
    ['admin shutdown (57P01)', withCode('57P01'), true],
    ['connection exception class (08006)', withCode('08006'), true],
    ["node-postgres' connect timeout", new Error('timeout expired'), true],
    ['a socket closed during the handshake', new Error('Connection terminated unexpectedly'), true],
    ['password authentication failed (28P01)', withCode('28P01'), false],
    ['unknown database (3D000)', withCode('3D000'), false],
    ['unknown host', withCode('ENOTFOUND'), false],
    ['an error without a code', new Error('something else'), false],
    ['not an error', 'ECONNREFUSED', false],
  ])('%s → %s', (_name, error, retriable) => {
    expect(isRetriableConnectError(error)).toBe(retriable);
  });
});
