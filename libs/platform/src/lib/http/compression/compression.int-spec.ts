import { PassThrough, Readable } from 'node:stream';
import zlib from 'node:zlib';
import { Controller, Get, Header, Module, StreamableFile } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AuthModule } from '../../auth/auth.module';
import { Public } from '../../auth/public.decorator';
import { loadServiceConfig } from '../../config/load-service-config';
import { ValidationError } from '../../errors/validation.error';
import { LoggingModule } from '../../logging/logging.module';
import { createHttpApp } from '../create-http-app';
import type { CompressionEvent } from './compression-event';

/** ~5 KiB of JSON that looks like a cache-service batch-get answer. */
const BIG = {
  hits: Object.fromEntries(
    Array.from({ length: 40 }, (_, i) => [
      `user:${i}`,
      { key: `user:${i}`, value: { id: i, name: `User ${i}` }, tier: 'l1' },
    ]),
  ),
  misses: [],
};
const BIG_JSON = JSON.stringify(BIG);
/** Above the 32 KiB where compression moves off the event loop. */
const HUGE = { rows: Array.from({ length: 2000 }, (_, i) => ({ id: i, label: `row ${i}`, score: i * 7 })) };
const SMALL = { note: 'x'.repeat(80) };
const PNG = Buffer.alloc(4096, 7);
const STREAMED = 'line of text\n'.repeat(500);

@Controller('c')
class CompressionProbeController {
  @Public()
  @Get('big')
  big() {
    return BIG;
  }

  @Public()
  @Get('huge')
  huge() {
    return HUGE;
  }

  @Public()
  @Get('small')
  small() {
    return SMALL;
  }

  @Public()
  @Get('png')
  @Header('Content-Type', 'image/png')
  png() {
    return PNG;
  }

  @Public()
  @Get('pre-encoded')
  @Header('Content-Type', 'application/json')
  @Header('Content-Encoding', 'gzip')
  preEncoded() {
    return zlib.gzipSync(BIG_JSON);
  }

  @Public()
  @Get('varies')
  @Header('Vary', 'Origin')
  varies() {
    return BIG;
  }

  @Public()
  @Get('invalid')
  invalid() {
    throw new ValidationError(
      Array.from({ length: 30 }, (_, i) => ({
        field: `items.${i}.name`,
        message: 'Expected a non-empty string',
      })),
    );
  }

  @Public()
  @Get('web-stream')
  @Header('Content-Type', 'text/plain; charset=utf-8')
  webStream() {
    return Readable.toWeb(Readable.from([STREAMED]));
  }

  @Public()
  @Get('stream')
  stream() {
    return new StreamableFile(Readable.from([STREAMED.slice(0, 3000), STREAMED.slice(3000)]), {
      type: 'text/plain; charset=utf-8',
    });
  }
}

describe('createHttpApp with compression', () => {
  const events: CompressionEvent[] = [];
  let app: NestFastifyApplication;

  const get = (url: string, acceptEncoding?: string, method: 'GET' | 'HEAD' = 'GET') =>
    app.inject({
      method,
      url,
      headers: acceptEncoding === undefined ? {} : { 'accept-encoding': acceptEncoding },
    });

  beforeAll(async () => {
    const config = loadServiceConfig({ serviceName: 'zip', portVariable: 'ZIP_PORT', defaultPort: 1 }, {});

    @Module({
      imports: [
        LoggingModule.forRoot({
          serviceName: 'zip',
          instanceId: 'zip-1',
          level: 'warn',
          destination: new PassThrough(),
        }),
        AuthModule.forRoot(config.auth),
      ],
      controllers: [CompressionProbeController],
    })
    class CompressionProbeModule {}

    app = await createHttpApp(CompressionProbeModule, config, {
      compression: { onCompressed: (event) => events.push(event) },
    });
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  });

  beforeEach(() => {
    events.length = 0;
  });

  afterAll(async () => {
    await app.close();
  });

  it('answers a 5 KiB JSON body in br to a client that accepts br', async () => {
    const response = await get('/c/big', 'br');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-encoding']).toBe('br');
    expect(response.headers['vary']).toBe('Accept-Encoding');
    expect(Number(response.headers['content-length'])).toBe(response.rawPayload.length);
    expect(response.rawPayload.length).toBeLessThan(BIG_JSON.length / 3);
    expect(JSON.parse(zlib.brotliDecompressSync(response.rawPayload).toString())).toEqual(BIG);
  });

  it.each(['br', 'gzip'])('compresses a body above 32 KiB off the event loop in %s', async (coding) => {
    const response = await get('/c/huge', coding);
    expect(response.headers['content-encoding']).toBe(coding);
    const decode = coding === 'br' ? zlib.brotliDecompressSync : zlib.gunzipSync;
    expect(JSON.stringify(HUGE).length).toBeGreaterThan(32 * 1024);
    expect(JSON.parse(decode(response.rawPayload).toString())).toEqual(HUGE);
  });

  it('answers in gzip to a client that accepts only gzip, and prefers br on a tie', async () => {
    const gzipped = await get('/c/big', 'gzip');
    expect(gzipped.headers['content-encoding']).toBe('gzip');
    expect(zlib.gunzipSync(gzipped.rawPayload).toString()).toBe(BIG_JSON);
    expect((await get('/c/big', 'gzip, deflate, br')).headers['content-encoding']).toBe('br');
    expect((await get('/c/big', 'br;q=0.5, gzip;q=0.8')).headers['content-encoding']).toBe('gzip');
  });

  it('sends identity without Accept-Encoding but still says the answer varies by it', async () => {
    const response = await get('/c/big');
    expect(response.headers['content-encoding']).toBeUndefined();
    expect(response.headers['vary']).toBe('Accept-Encoding');
    expect(response.body).toBe(BIG_JSON);
    expect(events).toEqual([]);
  });

  it('leaves a body of 1 KiB or less alone', async () => {
    const response = await get('/c/small', 'br');
    expect(response.headers['content-encoding']).toBeUndefined();
    expect(response.headers['vary']).toBeUndefined();
    expect(response.json()).toEqual(SMALL);
  });

  it('leaves an image alone however large', async () => {
    const response = await get('/c/png', 'br, gzip');
    expect(response.headers['content-type']).toBe('image/png');
    expect(response.headers['content-encoding']).toBeUndefined();
    expect(response.rawPayload.equals(PNG)).toBe(true);
  });

  it('never compresses a body the handler already encoded', async () => {
    const response = await get('/c/pre-encoded', 'br');
    expect(response.headers['content-encoding']).toBe('gzip');
    expect(zlib.gunzipSync(response.rawPayload).toString()).toBe(BIG_JSON);
    expect(events).toEqual([]);
  });

  it('appends to a Vary the handler set', async () => {
    const response = await get('/c/varies', 'gzip');
    expect(response.headers['vary']).toBe('Origin, Accept-Encoding');
    expect(response.headers['content-encoding']).toBe('gzip');
  });

  it('compresses a problem+json error body above 1 KiB', async () => {
    const response = await get('/c/invalid', 'br');
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.headers['content-encoding']).toBe('br');
    const problem = JSON.parse(zlib.brotliDecompressSync(response.rawPayload).toString());
    expect(problem).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
    expect(problem.errors).toHaveLength(30);
  });

  it('reports each compressed body with its route and true byte counts', async () => {
    const br = await get('/c/big', 'br');
    const gzip = await get('/c/big?page=2', 'gzip');
    expect(events).toEqual([
      {
        encoding: 'br',
        originalBytes: Buffer.byteLength(BIG_JSON),
        compressedBytes: br.rawPayload.length,
        route: '/c/big',
      },
      {
        encoding: 'gzip',
        originalBytes: Buffer.byteLength(BIG_JSON),
        compressedBytes: gzip.rawPayload.length,
        route: '/c/big',
      },
    ]);
  });

  it('compresses a streamed body through a zlib stream and reports it when it ends', async () => {
    const response = await get('/c/stream', 'gzip');
    expect(response.headers['content-encoding']).toBe('gzip');
    expect(response.headers['content-length']).toBeUndefined();
    expect(zlib.gunzipSync(response.rawPayload).toString()).toBe(STREAMED);
    expect(events).toEqual([
      {
        encoding: 'gzip',
        originalBytes: STREAMED.length,
        compressedBytes: response.rawPayload.length,
        route: '/c/stream',
      },
    ]);
  });

  it('compresses a web stream, and leaves it readable when it does not', async () => {
    const response = await get('/c/web-stream', 'br');
    expect(response.headers['content-encoding']).toBe('br');
    expect(zlib.brotliDecompressSync(response.rawPayload).toString()).toBe(STREAMED);
    const identity = await get('/c/web-stream');
    expect(identity.headers['content-encoding']).toBeUndefined();
    expect(identity.headers['vary']).toBe('Accept-Encoding');
    expect(identity.body).toBe(STREAMED);
  });

  it('does not compress the answer to HEAD', async () => {
    const response = await get('/c/big', 'br', 'HEAD');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-encoding']).toBeUndefined();
    expect(response.headers['vary']).toBe('Accept-Encoding');
    expect(response.headers['content-length']).toBe(String(Buffer.byteLength(BIG_JSON)));
    expect(response.rawPayload.length).toBe(0);
    expect(events).toEqual([]);
  });
});
