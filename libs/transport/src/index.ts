export {
  HotpathTransportClient,
  type HotpathTransportClientOptions,
} from './lib/client/hotpath-transport-client';
export { HotpathTransportServer } from './lib/server/hotpath-transport-server';
export { transportServerFor } from './lib/server/transport-server-for';
export type { HotpathTransportServerOptions } from './lib/server/transport-server.options';
export { HotpathTransportContext } from './lib/hotpath-transport.context';
export type { LiveInstance } from './lib/protocol/presence';
export { HOTPATH_TRANSPORT } from './lib/transport-id';
export { isTransportError, TransportError, type TransportErrorCode } from './lib/transport.error';
