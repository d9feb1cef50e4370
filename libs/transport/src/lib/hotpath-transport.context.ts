import { BaseRpcContext } from '@nestjs/microservices';
import type { ApiPrincipal } from '@hotpath/platform';

export interface TransportRequestInfo {
  pattern: string;
  /** Absent on an event (`emit`). */
  requestId?: string;
  apiKey?: string;
  correlationId?: string;
  /** The stream the request came from (the service's, or this instance's own). */
  stream: string;
  /** The replica running it. */
  instanceId: string;
  /** How many times the request has been handed out, counting this one (>1: a redelivery). */
  deliveries: number;
}

/**
 * What a handler gets as `@Ctx()`: the request's pattern and ids, and the caller's API key, which
 * the global API-key guard authenticates (as `RpcCallerContext`) before the handler runs and
 * replaces by the principal it stands for. Past the guard, the
 * context holds the principal and no longer the key.
 */
export class HotpathTransportContext extends BaseRpcContext<[TransportRequestInfo]> {
  private principal?: ApiPrincipal;

  getPattern(): string {
    return this.args[0].pattern;
  }

  getRequestId(): string | undefined {
    return this.args[0].requestId;
  }

  /** The replica running the request (this process). */
  getInstanceId(): string {
    return this.args[0].instanceId;
  }

  getCorrelationId(): string | undefined {
    return this.args[0].correlationId ?? this.args[0].requestId;
  }

  /** True when another replica held this request first and did not finish it. */
  isRedelivery(): boolean {
    return this.args[0].deliveries > 1;
  }

  getApiKey(): string | undefined {
    return this.args[0].apiKey;
  }

  /** Called by the guard once the key is verified; the key is forgotten from then on. */
  setPrincipal(principal: ApiPrincipal): void {
    this.principal = principal;
    this.args[0].apiKey = undefined;
  }

  getPrincipal(): ApiPrincipal | undefined {
    return this.principal;
  }
}
