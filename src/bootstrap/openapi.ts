import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { AppConfig } from '../config/app-config';

export function buildOpenApiDocument(app: INestApplication, config: AppConfig): OpenAPIObject {
  const options = new DocumentBuilder()
    .setTitle('Herald')
    .setDescription(
      "Webhooks and Server-Sent Events for your platform's events. Errors always have the body " +
        '`{statusCode, error, message, details?}`. Authenticate with `Authorization: Bearer <JWT or API key>`.',
    )
    .setVersion(config.version)
    .addBearerAuth({
      type: 'http',
      scheme: 'bearer',
      description: 'A JWT from /api/auth/login or an API key (hrld_…)',
    })
    .build();
  const document = SwaggerModule.createDocument(app, options, {
    operationIdFactory: (controller, method) => `${controller.replace(/Controller$/, '')}_${method}`,
  });
  return withBodyErrors(document);
}

/**
 * Every route that takes a JSON body can answer 400 (malformed JSON, unknown or invalid field) and 413
 * (over BODY_LIMIT): the global pipe and body parser say so for all of them, so the spec does too.
 */
function withBodyErrors(document: OpenAPIObject): OpenAPIObject {
  const errorBody = { $ref: '#/components/schemas/ErrorBody' };
  const answers: Record<string, string> = {
    '400': 'The body is not valid JSON, or a field is unknown or invalid',
    '413': 'The body is larger than BODY_LIMIT',
  };
  for (const operations of Object.values(document.paths)) {
    for (const operation of Object.values(operations)) {
      if (
        !operation ||
        typeof operation !== 'object' ||
        !('requestBody' in operation) ||
        !operation.requestBody
      )
        continue;
      for (const [status, description] of Object.entries(answers)) {
        operation.responses[status] ??= {
          description,
          content: { 'application/json': { schema: errorBody } },
        };
      }
    }
  }
  return document;
}

/** Swagger UI at /api/docs and the spec at /api/docs-json. */
export function setupOpenApi(app: INestApplication, config: AppConfig): void {
  SwaggerModule.setup('api/docs', app, () => buildOpenApiDocument(app, config), {
    jsonDocumentUrl: 'api/docs-json',
    yamlDocumentUrl: 'api/docs-yaml',
  });
}
