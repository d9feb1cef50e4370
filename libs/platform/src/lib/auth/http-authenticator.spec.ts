import { createHash } from 'node:crypto';
import type { Scope } from '@hotpath/contracts';
import { AppError } from '../errors/app-error';
import { HttpAuthenticator } from './http-authenticator';

const digest = (raw: string) => createHash('sha256').update(raw).digest('hex');

/** No rate limit here (its Redis-backed lease has integration tests of its own). */
const authenticator = () =>
  new HttpAuthenticator({
    apiKeys: [
      { name: 'reader', sha256: digest('reader-key'), scopes: ['cache:read'] },
      { name: 'writer', sha256: digest('writer-key'), scopes: ['cache:read', 'cache:write'] },
    ],
  });

/** The kind of AppError `run` throws (Unauthenticated → 401, Forbidden → 403 on the wire). */
function refusalOf(run: () => unknown): string | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    return error instanceof AppError ? error.kind : 'not an AppError';
  }
}

describe('HttpAuthenticator', () => {
  it('admits a known key with the scopes a route needs, and names the principal', () => {
    const admission = authenticator().admit('Bearer reader-key', ['cache:read']);
    expect(admission).toEqual({ principal: expect.objectContaining({ name: 'reader' }) });
  });

  it('answers a missing or unknown key with 401 and a missing scope with 403', () => {
    const auth = authenticator();
    expect(() => auth.admit(undefined, ['cache:read'])).toThrow(/Send an API key/);
    expect(() => auth.admit('Bearer nobody', ['cache:read'])).toThrow(/not valid/);
    expect(() => auth.admit('Bearer reader-key', ['cache:write'])).toThrow(/cache:write/);
  });

  describe('on one connection', () => {
    it('admits the same header again, scopes still checked on every request', () => {
      const auth = authenticator();
      const connection = {};
      for (let i = 0; i < 3; i++) {
        expect(auth.admit('Bearer reader-key', ['cache:read'], connection)).toMatchObject({
          principal: { name: 'reader' },
        });
      }
      expect(() => auth.admit('Bearer reader-key', ['cache:write'], connection)).toThrow(/cache:write/);
    });

    it('verifies another header anew: a wrong key after a right one is refused, another right one admitted', () => {
      const auth = authenticator();
      const connection = {};
      auth.admit('Bearer reader-key', ['cache:read'], connection);
      expect(() => auth.admit('Bearer reader-kez', ['cache:read'], connection)).toThrow(/not valid/);
      expect(() => auth.admit(undefined, ['cache:read'], connection)).toThrow(/Send an API key/);
      expect(auth.admit('Bearer writer-key', ['cache:write'], connection)).toMatchObject({
        principal: { name: 'writer' },
      });
      // The writer's header is now the one remembered: the reader's is verified again, and passes.
      expect(auth.admit('Bearer reader-key', ['cache:read'], connection)).toMatchObject({
        principal: { name: 'reader' },
      });
    });

    it("never lets one connection's verified header stand for another connection's", () => {
      const auth = authenticator();
      auth.admit('Bearer writer-key', ['cache:write'], {});
      expect(refusalOf(() => auth.admit('Bearer writer-kez', ['cache:write'], {}))).toBe('Unauthenticated');
    });
  });

  describe('admitKey (a raw key, as a transport carries it)', () => {
    it.each([
      ['reader-key', ['cache:read'], undefined],
      ['writer-key', ['cache:read', 'cache:write'], undefined],
      ['reader-key', ['cache:write'], 'Forbidden'],
      ['Bearer reader-key', ['cache:read'], 'Unauthenticated'],
      ['reader-kez', ['cache:read'], 'Unauthenticated'],
      ['', ['cache:read'], 'Unauthenticated'],
      [undefined, ['cache:read'], 'Unauthenticated'],
      ['k'.repeat(513), ['cache:read'], 'Unauthenticated'],
      ['reader-key', [], 'Internal'],
      ['reader-key', undefined, 'Internal'],
    ])('%p for %p: %p', (key, required, refused) => {
      expect(refusalOf(() => authenticator().admitKey(key, required as Scope[] | undefined))).toBe(refused);
    });

    it('names the principal of the key', () => {
      expect(authenticator().admitKey('writer-key', ['cache:write'])).toEqual({
        principal: expect.objectContaining({ name: 'writer' }),
      });
    });
  });
});
