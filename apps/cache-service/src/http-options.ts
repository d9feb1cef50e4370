import type { HttpAppOptions } from '@hotpath/platform';
import { transportServerFor } from '@hotpath/transport';
import type { CompressionSavings } from './admin/compression-savings';
import { EntryReadRoute } from './entries/entry-read.route';

/** How main.ts (and the e2e tests, booting it in-process) build the cache-service's HTTP app. */
export function cacheServiceHttpOptions(compression: CompressionSavings): HttpAppOptions {
  return {
    transport: transportServerFor(),
    openApi: true,
    compression: { onCompressed: (event) => compression.add(event) },
    nativeRoutes: [EntryReadRoute.native()],
  };
}
