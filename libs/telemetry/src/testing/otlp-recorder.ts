import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

interface ReceivedPost {
  path: string;
  contentType: string | undefined;
  body: string;
}

/**
 * Test helper: a stand-in OTLP/HTTP receiver on loopback. Records every POST and answers
 * `200 {}` only once it is recorded, so an exporter's flush resolving means the data is here.
 */
export class OtlpRecorder {
  readonly posts: ReceivedPost[] = [];
  private readonly server: Server = createServer((request, response) => {
    void this.record(request).then(() => {
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });

  /** Starts listening on an ephemeral port of 127.0.0.1; resolves to the base URL. */
  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve, reject) =>
      this.server.close((error) => (error ? reject(error) : resolve())),
    );
  }

  /** Spans of every JSON `/v1/traces` POST, with the instrumentation scope that produced them. */
  exportedSpans(): { scope: string; traceId: string; parentSpanId?: string; name: string }[] {
    return this.posts
      .filter((post) => post.path === '/v1/traces')
      .flatMap((post) => (JSON.parse(post.body) as OtlpTraces).resourceSpans)
      .flatMap((resourceSpans) => resourceSpans.scopeSpans)
      .flatMap(({ scope, spans }) => spans.map((span) => ({ scope: scope.name, ...span })));
  }

  private async record(request: IncomingMessage): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) {
      chunks.push(chunk as Buffer);
    }
    if (request.method === 'POST') {
      const body = Buffer.concat(chunks).toString('utf8');
      this.posts.push({ path: request.url ?? '', contentType: request.headers['content-type'], body });
    }
  }
}

/** The part of an OTLP/JSON trace export the tests read. */
interface OtlpTraces {
  resourceSpans: {
    scopeSpans: {
      scope: { name: string };
      spans: { traceId: string; spanId: string; parentSpanId?: string; name: string }[];
    }[];
  }[];
}
