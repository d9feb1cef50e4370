import { SetMetadata } from '@nestjs/common';

export const PUBLIC_ROUTE = 'hotpath:public';

/** Marks a route as reachable without an API key (health probes, /metrics). */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(PUBLIC_ROUTE, true);
