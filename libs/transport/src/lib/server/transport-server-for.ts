import type { ServiceConfig } from '@hotpath/platform';
import { HotpathTransportServer } from './hotpath-transport-server';
import type { HotpathTransportServerOptions } from './transport-server.options';

/**
 * The transport server of a Hotpath service, as `createHttpApp`'s `transport` option takes it: the
 * service's name and instance id, on the queue Redis.
 */
export function transportServerFor(
  overrides: Partial<HotpathTransportServerOptions> = {},
): (config: ServiceConfig) => HotpathTransportServer {
  return (config) =>
    new HotpathTransportServer({
      redisUrl: config.redis.queueUrl,
      service: config.serviceName,
      instanceId: config.instanceId,
      ...overrides,
    });
}
