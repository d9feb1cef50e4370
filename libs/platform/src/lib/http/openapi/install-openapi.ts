import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { ServiceConfig } from '../../config/service-config';
import { OPENAPI_BEARER_SCHEME } from './openapi-bearer-scheme';
import type { OpenApiOptions } from './openapi.options';

/**
 * Serves the OpenAPI document scanned from the app's controllers: the UI at `/api/docs`, the JSON
 * at `/api/docs-json`. Both are registered on Fastify directly, outside Nest's router, so the
 * ApiKeyGuard never sees them: they are public like `/health/*`. The document is built on its
 * first request, once every module has been initialised.
 */
export function installOpenApi(
  app: INestApplication,
  config: ServiceConfig,
  options: OpenApiOptions = {},
): void {
  const path = options.path ?? 'api/docs';
  const builder = new DocumentBuilder()
    .setTitle(options.title ?? `Hotpath ${config.serviceName}`)
    .setVersion(options.version ?? '2')
    .addBearerAuth(
      {
        type: 'http',
        scheme: 'bearer',
        description: 'A Hotpath API key: `Authorization: Bearer <key>`. Each route names the scope it needs.',
      },
      OPENAPI_BEARER_SCHEME,
    );
  if (options.description) builder.setDescription(options.description);
  const document = builder.build();

  SwaggerModule.setup(path, app, () => SwaggerModule.createDocument(app, document), {
    jsonDocumentUrl: `${path}-json`,
    raw: ['json'],
    customSiteTitle: document.info.title,
  });
}
