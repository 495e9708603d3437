import fs from 'node:fs';
import path from 'node:path';
import Router from '@koa/router';
import type { AppState } from './types';

const swaggerDir = path.dirname(require.resolve('swagger-ui-dist/package.json'));
const redocBundle = require.resolve('redoc/bundles/redoc.standalone.js');

const SWAGGER_ASSETS: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'application/javascript; charset=utf-8',
  'swagger-ui-standalone-preset.js': 'application/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
};

const page = (title: string, head: string, body: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title>${head}</head><body>${body}</body></html>`;

/** The OpenAPI document, Swagger UI and ReDoc, every asset served from this process (no CDN). */
export function buildDocsRouter(document: () => object): Router<AppState> {
  const router = new Router<AppState>();
  const cache = 'public, max-age=86400';
  let json: string | undefined;

  router.get('/api/openapi.json', (ctx) => {
    json ??= JSON.stringify(document());
    ctx.type = 'application/json';
    ctx.body = json;
  });

  router.get('/api/docs', (ctx) => {
    ctx.type = 'text/html';
    ctx.body = page(
      'IGNY8 API — Swagger UI',
      '<link rel="stylesheet" href="/api/docs/assets/swagger-ui.css"><link rel="icon" href="/api/docs/assets/favicon-32x32.png">',
      '<div id="swagger-ui"></div><script src="/api/docs/assets/swagger-ui-bundle.js"></script><script src="/api/docs/init.js"></script>',
    );
  });
  router.get('/api/docs/init.js', (ctx) => {
    ctx.type = 'application/javascript';
    ctx.body = "window.ui = SwaggerUIBundle({ url: '/api/openapi.json', dom_id: '#swagger-ui', deepLinking: true, persistAuthorization: true });";
  });
  router.get('/api/docs/assets/:file', (ctx) => {
    const type = SWAGGER_ASSETS[ctx.params.file ?? ''];
    if (!type) return;
    ctx.type = type;
    ctx.set('Cache-Control', cache);
    ctx.body = fs.createReadStream(path.join(swaggerDir, ctx.params.file as string));
  });

  router.get('/api/redoc', (ctx) => {
    ctx.type = 'text/html';
    ctx.body = page(
      'IGNY8 API — ReDoc',
      '<style>body{margin:0}</style>',
      '<redoc spec-url="/api/openapi.json"></redoc><script src="/api/redoc/redoc.standalone.js"></script>',
    );
  });
  router.get('/api/redoc/redoc.standalone.js', (ctx) => {
    ctx.type = 'application/javascript; charset=utf-8';
    ctx.set('Cache-Control', cache);
    ctx.body = fs.createReadStream(redocBundle);
  });
  return router;
}
