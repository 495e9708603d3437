import { z } from 'zod';
import { API_PREFIX } from './router';
import type { Route } from './route';

type JsonSchema = Record<string, unknown>;

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, target: 'draft-2020-12', unrepresentable: 'any' }) as JsonSchema;
  void _dialect;
  return rest;
}

const errorEnvelopeSchema: JsonSchema = {
  type: 'object',
  required: ['success', 'error', 'error_code', 'request_id', 'timestamp'],
  properties: {
    success: { const: false },
    error: { type: 'string', description: 'A message a person can read.' },
    error_code: { type: 'string', description: 'A stable code for programs.' },
    errors: { type: 'object', additionalProperties: { type: 'array', items: { type: 'string' } } },
    request_id: { type: 'string' },
    timestamp: { type: 'string', format: 'date-time' },
  },
};

function successEnvelope(data: JsonSchema): JsonSchema {
  return {
    type: 'object',
    required: ['success', 'data', 'request_id', 'timestamp'],
    properties: {
      success: { const: true },
      data,
      message: { type: 'string' },
      request_id: { type: 'string' },
      timestamp: { type: 'string', format: 'date-time' },
    },
  };
}

function pageEnvelope(item: JsonSchema): JsonSchema {
  return {
    type: 'object',
    required: ['success', 'count', 'next', 'previous', 'results', 'request_id'],
    properties: {
      success: { const: true },
      count: { type: 'integer' },
      next: { type: ['string', 'null'], format: 'uri' },
      previous: { type: ['string', 'null'], format: 'uri' },
      results: { type: 'array', items: item },
      request_id: { type: 'string' },
      timestamp: { type: 'string', format: 'date-time' },
    },
  };
}

function parameters(schema: z.ZodType | undefined, location: 'path' | 'query'): JsonSchema[] {
  if (!schema) return [];
  const object = jsonSchema(schema, 'input') as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(object.properties ?? {}).map(([name, property]) => {
    const { description, ...propertySchema } = property;
    return {
      name,
      in: location,
      required: location === 'path' || (object.required ?? []).includes(name),
      ...(description ? { description } : {}),
      schema: propertySchema,
    };
  });
}

const errorRef = { $ref: '#/components/schemas/ErrorEnvelope' };
const errorResponse = (description: string) => ({ description, content: { 'application/json': { schema: errorRef } } });

/** The OpenAPI 3.1 document, generated from the same zod schemas that validate requests. */
export function buildOpenApiDocument(routes: Route[], info: { version: string; serverUrl?: string }): JsonSchema {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const path = `${API_PREFIX}${route.path}`;
    const responses: Record<string, unknown> = {};
    const { response } = route;
    if (response.kind === 'file') {
      const binary = { type: 'string', contentMediaType: 'application/octet-stream' };
      responses[String(response.status)] = {
        description: 'The file',
        content: Object.fromEntries(response.contentTypes.map((type) => [type, { schema: binary }])),
      };
    } else {
      const successSchema =
        response.kind === 'page'
          ? pageEnvelope(jsonSchema(response.item, 'output'))
          : successEnvelope(response.kind === 'data' ? jsonSchema(response.schema, 'output') : { type: 'null' });
      responses[String(response.status)] = {
        description: response.kind === 'empty' ? response.message : 'Success',
        content: { 'application/json': { schema: successSchema } },
      };
    }
    responses['400'] = errorResponse('Invalid input (VALIDATION_ERROR, with `errors` per field)');
    if (route.auth !== 'none') {
      responses['401'] = errorResponse('Not authenticated');
      responses['403'] = errorResponse('Not allowed for this role or plan');
    }
    if (route.path.includes('{') || route.refs) responses['404'] = errorResponse('Not found, or not in your account');
    responses['429'] = errorResponse('Throttled; see Retry-After');

    const operation: Record<string, unknown> = {
      operationId: route.operationId,
      summary: route.summary,
      ...(route.description ? { description: route.description } : {}),
      tags: route.tags,
      parameters: [...parameters(route.params, 'path'), ...parameters(route.query, 'query')],
      responses,
      security:
        route.auth === 'none'
          ? []
          : route.auth === 'user'
            ? [{ bearerAuth: [] }]
            : [{ bearerAuth: [] }, { apiKeyHeader: [] }, { apiKeyAuthorization: [] }],
      'x-policy': route.policy === 'public' ? 'public' : route.policy.name,
    };
    if (route.body) {
      operation.requestBody = { required: true, content: { 'application/json': { schema: jsonSchema(route.body, 'input') } } };
    }
    if (route.upload) {
      const file = { type: 'string', contentMediaType: 'application/octet-stream' };
      operation.requestBody = {
        required: true,
        description: route.upload.description,
        content: Object.fromEntries(route.upload.contentTypes.map((type) => [type, { schema: file }])),
      };
    }
    (paths[path] ??= {})[route.method] = operation;
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'IGNY8 API',
      version: info.version,
      description:
        'The IGNY8 core API. Every response carries `request_id`; errors carry a stable `error_code`. ' +
        'Sign in with `POST /api/v1/auth/login/` and send `Authorization: Bearer <access>`; WordPress sites use their API key.',
    },
    servers: [{ url: info.serverUrl ?? '/' }],
    paths,
    components: {
      schemas: { ErrorEnvelope: errorEnvelopeSchema },
      securitySchemes: {
        bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
        apiKeyHeader: { type: 'apiKey', in: 'header', name: 'X-IGNY8-API-Key' },
        apiKeyAuthorization: { type: 'apiKey', in: 'header', name: 'Authorization', description: '`ApiKey <key>`' },
      },
    },
  };
}

/** The document a server with this public URL serves at /api/openapi.json; the CLI prints the same one. */
export function servedOpenApiDocument(routes: Route[], version: string, publicUrl: string | undefined): JsonSchema {
  return buildOpenApiDocument(routes, { version, ...(publicUrl ? { serverUrl: publicUrl } : {}) });
}
