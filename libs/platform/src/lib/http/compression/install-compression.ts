import { pipeline, Readable, Transform, type TransformCallback } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { compressBody } from './compress-body';
import type { CompressionEvent } from './compression-event';
import { type CompressionOptions, DEFAULT_COMPRESSION_THRESHOLD_BYTES } from './compression.options';
import type { ContentCoding } from './content-coding';
import { createCompressStream } from './create-compress-stream';
import { isCompressible } from './is-compressible';
import { negotiateEncoding } from './negotiate-encoding';

const DEFAULT_ENCODINGS: readonly ContentCoding[] = ['br', 'gzip'];
/** Statuses whose body must not be re-encoded: no body (1xx, 204, 304) or a byte range of it (206). */
const UNTOUCHED_STATUSES = new Set([204, 206, 304]);

type Report = (event: Omit<CompressionEvent, 'route'>) => void;

/**
 * Compresses response bodies with br or gzip, as the request's `Accept-Encoding` allows, in an
 * `onSend` hook: the one hook that sees the final, serialized body (a string, Buffer or stream)
 * and may replace it, for every route of the instance, error responses included. A body is
 * compressed when all hold:
 * - its Content-Type is compressible and it has no Content-Encoding yet (never compress twice),
 *   no `Cache-Control: no-transform` and no Content-Range;
 * - it is longer than `thresholdBytes` (a stream of unknown length always qualifies);
 * - the status is not 1xx, 204, 206 or 304, and the method is not HEAD;
 * - the client accepts br or gzip.
 * Every body that qualifies but for the last two gets `Vary: Accept-Encoding`, so a shared cache
 * never serves one client's encoding to another. Install it before the routes are registered.
 */
export function installCompression(fastify: FastifyInstance, options: CompressionOptions = {}): void {
  const thresholdBytes = options.thresholdBytes ?? DEFAULT_COMPRESSION_THRESHOLD_BYTES;
  const encodings = options.encodings ?? DEFAULT_ENCODINGS;
  const compressible = options.compressible ?? isCompressible;

  // Callback style: the common case (a small body) answers without a promise per response.
  fastify.addHook('onSend', (request, reply, payload: unknown, done) => {
    const body = asBody(payload);
    if (body === undefined) return done(null, payload);
    // Size first: most bodies are small, and it is cheaper to tell than the headers' verdict.
    const length = typeof body === 'string' ? Buffer.byteLength(body) : lengthOf(body, reply);
    if (length !== undefined && length <= thresholdBytes) return done(null, payload);
    if (!isEligible(reply, compressible)) return done(null, payload);

    appendVary(reply);
    if (request.method === 'HEAD') return done(null, payload);
    const coding = negotiateEncoding(request.headers['accept-encoding'], encodings);
    if (coding === undefined) return done(null, payload);

    const report = reporter(request, options.onCompressed);
    const encoded =
      typeof body === 'string' || Buffer.isBuffer(body)
        ? compressWhole(typeof body === 'string' ? Buffer.from(body) : body, coding, report)
        : compressStream(
            body instanceof Readable ? body : Readable.fromWeb(body),
            coding,
            length,
            report,
            request,
          );
    const send = (compressed: Buffer | Readable) => {
      reply.header('content-encoding', coding);
      reply.removeHeader('content-length');
      done(null, compressed);
    };
    if (encoded instanceof Readable) send(encoded);
    else encoded.then(send, (error: Error) => done(error));
  });
}

type Body = string | Buffer | Readable | WebReadableStream;

/**
 * The payload as something we know how to compress, or undefined (null, a fetch Response…).
 * A web stream is converted only once we compress it: converting locks it.
 */
function asBody(payload: unknown): Body | undefined {
  if (typeof payload === 'string' || Buffer.isBuffer(payload) || payload instanceof Readable) return payload;
  return isWebStream(payload) ? payload : undefined;
}

function isWebStream(payload: unknown): payload is WebReadableStream {
  return typeof (payload as { getReader?: unknown } | null)?.getReader === 'function';
}

function isEligible(reply: FastifyReply, compressible: (contentType: string) => boolean): boolean {
  const status = reply.statusCode;
  if (status < 200 || UNTOUCHED_STATUSES.has(status)) return false;
  if (reply.hasHeader('content-encoding') || reply.hasHeader('content-range')) return false;
  if (/(?:^|,)\s*no-transform\s*(?:,|$)/i.test(headerText(reply, 'cache-control'))) return false;
  const contentType = headerText(reply, 'content-type');
  return contentType !== '' && compressible(contentType);
}

/** A Buffer's length, or a stream's declared Content-Length (undefined when it has none). */
function lengthOf(body: Exclude<Body, string>, reply: FastifyReply): number | undefined {
  if (Buffer.isBuffer(body)) return body.length;
  const declared = Number(headerText(reply, 'content-length') || Number.NaN);
  return Number.isFinite(declared) ? declared : undefined;
}

/** Adds `Accept-Encoding` to Vary unless it (or `*`) is already there. */
function appendVary(reply: FastifyReply): void {
  const vary = headerText(reply, 'vary');
  const fields = vary.split(',').map((field) => field.trim().toLowerCase());
  if (fields.includes('*') || fields.includes('accept-encoding')) return;
  reply.header('vary', vary.trim() ? `${vary}, Accept-Encoding` : 'Accept-Encoding');
}

function headerText(reply: FastifyReply, name: string): string {
  const value = reply.getHeader(name);
  if (value === undefined) return '';
  return Array.isArray(value) ? value.join(', ') : String(value);
}

function reporter(request: FastifyRequest, onCompressed: CompressionOptions['onCompressed']): Report {
  return (event) => {
    if (!onCompressed) return;
    const route = request.routeOptions.url;
    try {
      onCompressed(route === undefined ? event : { ...event, route });
    } catch (err) {
      request.log.warn({ err }, 'onCompressed callback failed');
    }
  };
}

async function compressWhole(original: Buffer, coding: ContentCoding, report: Report): Promise<Buffer> {
  const compressed = await compressBody(original, coding);
  report({ encoding: coding, originalBytes: original.length, compressedBytes: compressed.length });
  return compressed;
}

/**
 * Pipes a stream body through an encoder; Fastify then pipes the result to the socket. The report
 * is made when the compressed stream ends. A failing source destroys the chain, and Fastify answers
 * the error as it would for the uncompressed stream.
 */
function compressStream(
  source: Readable,
  coding: ContentCoding,
  sizeHint: number | undefined,
  report: Report,
  request: FastifyRequest,
): Readable {
  const encoder = createCompressStream(coding, sizeHint);
  let compressedBytes = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback) {
      compressedBytes += chunk.length;
      callback(null, chunk);
    },
    flush(callback: TransformCallback) {
      report({ encoding: coding, originalBytes: encoder.bytesWritten, compressedBytes });
      callback();
    },
  });
  return pipeline(source, encoder, counter, (err) => {
    if (err) request.log.debug({ err }, 'compressed response stream ended early');
  });
}
