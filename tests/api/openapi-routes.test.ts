import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeDataDir, startServer, type TestServer } from '../support/server';

interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, unknown>; responses: Record<string, unknown> };
}

interface Operation {
  parameters?: Array<{ name: string; in: string; schema: { anyOf?: Array<{ const?: string }> } }>;
  responses: Record<string, { $ref?: string; content?: Record<string, unknown> }>;
}

/** The slice of an express (router 2) layer this test reads; express does not type its internals. */
interface Layer {
  route?: { path: unknown; methods: Record<string, boolean> };
  handle?: { stack?: unknown };
  match(path: string): false | { path: string };
}

function isLayers(value: unknown): value is Layer[] {
  return Array.isArray(value) && value.every((layer) => typeof layer === 'object' && layer !== null);
}

/**
 * Every route the running server's express app answers under /api, as "METHOD /api/path" with
 * OpenAPI's `{param}` style, read from the app's own router (not from the route table).
 */
function routesOf(server: TestServer): string[] {
  const stack: unknown = Reflect.get(server.app.express.router, 'stack');
  if (!isLayers(stack)) throw new Error('the express app has no router stack');
  const routes: string[] = [];
  const collect = (layers: Layer[], prefix: string) => {
    for (const layer of layers) {
      if (layer.route && typeof layer.route.path === 'string') {
        for (const [method, on] of Object.entries(layer.route.methods)) {
          if (on) routes.push(`${method.toUpperCase()} ${prefix}${layer.route.path.replaceAll(/:(\w+)/g, '{$1}')}`);
        }
      } else if (isLayers(layer.handle?.stack)) {
        const mounted = layer.match('/api');
        if (mounted && mounted.path === '/api') collect(layer.handle.stack, '/api');
      }
    }
  };
  collect(stack, '');
  return routes.filter((route) => route.split(' ')[1]!.startsWith('/api/')).sort();
}

function operationsOf(document: OpenApiDocument): string[] {
  return Object.entries(document.paths)
    .flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`))
    .sort();
}

describe('the OpenAPI document and the router', () => {
  let server: TestServer;
  let document: OpenApiDocument;

  beforeAll(async () => {
    server = await startServer();
    document = (await (await fetch(`${server.baseUrl}/api/openapi.json`)).json()) as OpenApiDocument;
  });
  afterAll(async () => {
    await server.stop();
    await removeDataDir(server.dataDir);
  });

  it('given the running server, when its routes are read from express, then the document describes exactly those', () => {
    const routes = routesOf(server);

    expect(routes.length).toBeGreaterThan(20);
    expect(routes).toEqual(operationsOf(document));
  });

  it('describes the routes that were missing from the hand-written document', () => {
    expect(document.paths['/api/users']).toHaveProperty('get');
    expect(document.paths['/api/tasks/{id}/candidates']).toHaveProperty('get');
    expect(document.paths['/api/cases/{caseId}/history']).toHaveProperty('get');
  });

  it('offers every instance state as a filter of GET /api/instances, as the server accepts them', async () => {
    const state = document.paths['/api/instances']!.get!.parameters!.find((parameter) => parameter.name === 'state');

    expect(state?.schema.anyOf?.map((variant) => variant.const)).toEqual([
      'active',
      'completed',
      'cancelled',
      'failed',
    ]);
  });

  it('documents a problem+json answer for every error status of every operation, and names each path parameter', () => {
    for (const [path, operations] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        const where = `${method.toUpperCase()} ${path}`;
        for (const [status, answer] of Object.entries(operation.responses)) {
          if (Number(status) >= 400) expect(answer.$ref, where).toBe('#/components/responses/Problem');
          else expect(answer.$ref, where).toBeUndefined();
        }
        const named = (operation.parameters ?? []).filter((parameter) => parameter.in === 'path').map((p) => p.name);
        expect(named.sort(), where).toEqual([...path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort());
      }
    }
  });

  it('resolves every schema reference in the document to a component', () => {
    const references = [...JSON.stringify(document).matchAll(/"\$ref":"#\/components\/(schemas|responses)\/([^"]+)"/g)];

    expect(references.length).toBeGreaterThan(0);
    for (const [, kind, name] of references) {
      expect(document.components[kind as 'schemas' | 'responses'], `${kind}/${name}`).toHaveProperty(name!);
    }
    expect(JSON.stringify(document)).not.toMatch(/"\$ref":"(?!#\/components\/)/);
  });
});
