import { setTimeout as delay } from 'node:timers/promises';
import { request as httpRequest } from 'node:http';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createHttpApp, DATABASE_DATA_SOURCE } from '@hotpath/platform';
import { httpClient, type HttpTestClient } from '@hotpath/testing';
import type { DataSource } from 'typeorm';
import { CompressionSavings } from '../src/admin/compression-savings';
import { AppModule } from '../src/app.module';
import { loadCacheServiceConfig } from '../src/config';
import { cacheServiceHttpOptions } from '../src/http-options';

/** One cache-service instance booted in this process as main.ts boots it, listening on loopback. */
export interface CacheServiceInstance {
  instanceId: string;
  app: NestFastifyApplication;
  http: HttpTestClient;
  baseUrl: string;
  close(): Promise<void>;
}

/**
 * Boots the cache-service's AppModule with the given environment (REDIS_URL, HOTPATH_API_KEYS…),
 * with the Redis transport and response compression wired as main.ts wires them, on an ephemeral
 * port of 127.0.0.1. PostgreSQL is the local stack's (DATABASE_URL, else the default).
 */
export async function startCacheService(env: Record<string, string>): Promise<CacheServiceInstance> {
  const config = loadCacheServiceConfig({
    LOG_LEVEL: 'warn',
    ...(process.env.DATABASE_URL ? { DATABASE_URL: process.env.DATABASE_URL } : {}),
    ...env,
  });
  const compression = new CompressionSavings();
  const app = await createHttpApp(
    AppModule.forRoot(config, undefined, compression),
    config,
    cacheServiceHttpOptions(compression),
  );
  await app.startAllMicroservices();
  await app.listen({ port: 0, host: '127.0.0.1' });
  const baseUrl = await app.getUrl();
  let closed = false;
  return {
    instanceId: config.instanceId,
    app,
    baseUrl,
    http: httpClient(baseUrl),
    async close() {
      if (closed) return;
      closed = true;
      await app.close();
    },
  };
}

/** Deletes the policies (and their history) the test wrote, through the app's own DataSource. */
export async function deletePolicies(instance: CacheServiceInstance, namespaces: string[]): Promise<void> {
  if (namespaces.length === 0) return;
  const dataSource = instance.app.get<DataSource>(DATABASE_DATA_SOURCE);
  await dataSource.query('DELETE FROM cache.policy_history WHERE namespace = ANY($1::text[])', [namespaces]);
  await dataSource.query('DELETE FROM cache.policies WHERE namespace = ANY($1::text[])', [namespaces]);
}

/** A response read as raw bytes, without the transparent decoding fetch does. */
export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

export function rawGet(baseUrl: string, path: string, headers: Record<string, string>): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(`${baseUrl}${path}`, { method: 'GET', headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }),
      );
      response.on('error', reject);
    });
    request.on('error', reject);
    request.end();
  });
}

/**
 * Polls `probe` every 10 ms until `done` accepts its result or `withinMs` passed, and returns the
 * last result (the caller asserts on it, so a timeout fails with the value actually seen).
 */
export async function pollUntil<T>(
  probe: () => Promise<T>,
  done: (value: T) => boolean,
  withinMs = 1000,
): Promise<T> {
  const deadline = performance.now() + withinMs;
  let value = await probe();
  while (!done(value) && performance.now() < deadline) {
    await delay(10);
    value = await probe();
  }
  return value;
}
