import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DefinitionVersion, InstanceDetail, SessionInfo, Task } from '../../server/contract/api';
import { PROJECT_ROOT, type ServerProcess, spawnServer } from '../support/process';
import { removeDataDir } from '../support/server';

/** How many random requests each route gets: enough to reach every branch of input handling, few enough for a loaded 2-core machine. */
const RUNS_PER_ROUTE = 30;
/** A hang guard, not a timing assertion: an answer slower than this means the server is stuck. */
const ANSWER_WITHIN_MS = 2_000;
const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

interface Route {
  method: string;
  template: string;
  parameters: string[];
}

interface Identity {
  cookie: string;
  csrfToken: string;
}

/** A request as the fuzzer builds it, before it is sent. */
interface FuzzRequest {
  parameters: string[];
  query: string;
  body: { text: string; contentType: string } | undefined;
  who: 'eigenaar' | 'regisseur' | 'anonymous' | 'broken-cookie' | 'no-csrf';
}

/** Ids that exist, so random requests also reach the handlers behind the lookups. */
interface Known {
  taskIds: string[];
  instanceIds: string[];
  caseIds: string[];
  definitionKeys: string[];
  versions: string[];
  elementIds: string[];
  decisionIds: string[];
}

const MALFORMED_ESCAPES = ['%', '%ZZ', '%E0%A4%A', '%%', '%u0041', '%C0%AF', '%00', '%2', '%FF%FE', '..%2F..%2F'];
const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf'];

/**
 * A property-based fuzz test over every route of the OpenAPI document the server serves: random
 * path parameters, query strings and JSON bodies of any shape, as logged-in demo users and as
 * strangers. Whatever arrives, the answer is a 4xx or a 2xx within ANSWER_WITHIN_MS, and the
 * server stays healthy. Only the document's `paths`, methods and path parameters are relied on.
 */
describe('fuzzing every route of the API', () => {
  let server: ServerProcess;
  let dataDir: string;
  let routes: Route[];
  const identities: Partial<Record<FuzzRequest['who'], Identity>> = {};
  const known: Known = {
    taskIds: [],
    instanceIds: [],
    caseIds: [],
    definitionKeys: [],
    versions: [],
    elementIds: [],
    decisionIds: [],
  };

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'casusregie-fuzz-'));
    // The product's own diagrams and forms, with the demo's cases: the deepest paths to reach.
    server = await spawnServer({
      dataDir,
      env: { PROCESSES_DIR: path.join(PROJECT_ROOT, 'processes') },
      timeoutMs: 60_000,
    });
    for (const username of ['eigenaar', 'regisseur'] as const) identities[username] = await login(username);

    const document = (await (await fetch(`${server.baseUrl}/api/openapi.json`)).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    routes = Object.entries(document.paths).flatMap(([template, operations]) =>
      METHODS.filter((method) => method in operations).map((method) => ({
        method: method.toUpperCase(),
        template,
        parameters: [...template.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]!),
      })),
    );

    const regisseur = identities.regisseur!;
    const tasks = (await get<Task[]>('/api/tasks', regisseur)) ?? [];
    known.taskIds = tasks.map((task) => task.id);
    known.instanceIds = [...new Set(tasks.map((task) => task.instanceId))];
    known.caseIds = [...new Set(tasks.map((task) => task.caseId))];
    known.elementIds = [...new Set(tasks.map((task) => task.elementId))];
    const definitions = (await get<DefinitionVersion[]>('/api/definitions', regisseur)) ?? [];
    known.definitionKeys = [...new Set(definitions.map((definition) => definition.key))];
    known.versions = [...new Set(definitions.map((definition) => String(definition.version)))];
    for (const instanceId of known.instanceIds.slice(0, 3)) {
      const detail = await get<InstanceDetail>(`/api/instances/${instanceId}`, regisseur);
      if (detail) known.caseIds.push(detail.caseId);
    }
  }, 90_000);

  afterAll(async () => {
    await server?.kill();
    if (dataDir) await removeDataDir(dataDir);
  });

  async function login(username: string): Promise<Identity> {
    const response = await fetch(`${server.baseUrl}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password: 'demo' }),
    });
    if (response.status !== 200) throw new Error(`login as ${username}: ${response.status}`);
    const cookie = response.headers.get('set-cookie')!.split(';')[0]!;
    return { cookie, csrfToken: ((await response.json()) as SessionInfo).csrfToken };
  }

  async function get<T>(url: string, identity: Identity): Promise<T | undefined> {
    const response = await fetch(server.baseUrl + url, { headers: { cookie: identity.cookie } });
    return response.ok ? ((await response.json()) as T) : undefined;
  }

  /** Path parameters: real ids, malformed escapes, huge strings, unicode, anything. */
  function parameterArbitrary(name: string): fc.Arbitrary<string> {
    const real = realValues(name);
    const encoded = (value: fc.Arbitrary<string>) => value.map(encodeURIComponent);
    return fc.oneof(
      { weight: 4, arbitrary: real.length > 0 ? fc.constantFrom(...real) : fc.constant('onbekend') },
      { weight: 2, arbitrary: fc.constantFrom(...MALFORMED_ESCAPES) },
      { weight: 2, arbitrary: encoded(fc.string({ minLength: 1, maxLength: 40 })) },
      { weight: 2, arbitrary: encoded(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 })) },
      { weight: 1, arbitrary: encoded(fc.constantFrom(...PROTOTYPE_KEYS, '..', '.', '-1', '1e309', 'NaN', '0x1')) },
      { weight: 1, arbitrary: fc.integer({ min: 100, max: 8_000 }).map((length) => 'k'.repeat(length)) },
      {
        weight: 1,
        arbitrary: fc
          .tuple(fc.constantFrom(...(real.length > 0 ? real : ['x'])), fc.constantFrom(...MALFORMED_ESCAPES))
          .map(([id, broken]) => id + broken),
      },
    );
  }

  function realValues(name: string): string[] {
    if (name === 'id') return [...known.taskIds, ...known.instanceIds];
    if (name === 'caseId') return known.caseIds;
    if (name === 'key') return known.definitionKeys;
    if (name === 'version') return known.versions;
    if (name === 'elementId') return known.elementIds;
    if (name === 'decisionId') return known.decisionIds;
    return [];
  }

  const queryValue = fc.oneof(
    fc.string({ maxLength: 20 }).map(encodeURIComponent),
    fc.constantFrom(...MALFORMED_ESCAPES),
    fc.constantFrom('true', 'false', 'active', 'completed', 'mine', 'group', 'all', '-1', '0', '1e9', 'NaN', ''),
    fc.integer({ min: 100, max: 6_000 }).map((length) => 'q'.repeat(length)),
  );
  const queryKey = fc.oneof(
    fc.constantFrom('state', 'scope', 'caseId', 'definitionKey', 'all', 'overdue', 'limit', 'note', 'q'),
    fc.constantFrom(...PROTOTYPE_KEYS, 'a[b]', 'a[]', 'limit[0]', 'state[__proto__]'),
    fc.string({ maxLength: 10 }).map(encodeURIComponent),
  );
  const query = fc
    .array(fc.tuple(queryKey, queryValue), { maxLength: 4 })
    .map((pairs) => (pairs.length === 0 ? '' : `?${pairs.map(([key, value]) => `${key}=${value}`).join('&')}`));

  /** JSON of every shape: small values, deep nesting, huge arrays, wrong types, prototype keys. */
  const json: fc.Arbitrary<string> = fc.oneof(
    { weight: 4, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((value) => JSON.stringify(value) ?? 'null') },
    {
      weight: 3,
      arbitrary: fc
        .record(
          {
            variables: fc.oneof(fc.jsonValue({ maxDepth: 4 }), fc.dictionary(fc.string(), fc.jsonValue())),
            definitionKey: fc.oneof(fc.constantFrom(...['toeleiding', 'mdo', 'x']), fc.jsonValue()),
            team: fc.oneof(fc.constantFrom('noord', 'zuid'), fc.jsonValue()),
            caseId: fc.jsonValue(),
            username: fc.oneof(fc.string(), fc.jsonValue()),
            password: fc.oneof(fc.string(), fc.jsonValue()),
            userId: fc.oneof(fc.constantFrom('regisseur', 'regisseur2'), fc.jsonValue()),
            advance: fc.oneof(fc.constantFrom('PT1H', 'P1D', 'P-1D', 'P99999999Y', 'PT0S', 'x'), fc.jsonValue()),
            instanceIds: fc.jsonValue(),
            toVersion: fc.jsonValue(),
            mapping: fc.jsonValue(),
            reason: fc.jsonValue(),
          },
          { requiredKeys: [] },
        )
        .map((value) => JSON.stringify(value)),
    },
    {
      weight: 1,
      arbitrary: fc
        .integer({ min: 33, max: 20_000 })
        .map((depth) => `{"variables":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}}`),
    },
    {
      weight: 1,
      arbitrary: fc.integer({ min: 33, max: 50_000 }).map((depth) => `${'['.repeat(depth)}${']'.repeat(depth)}`),
    },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom(100_000, 200_000)
        .map((length) => `{"variables":{"lijst":[${Array(length).fill('0').join(',')}]}}`),
    },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom(...PROTOTYPE_KEYS)
        .map(
          (key) =>
            `{"${key}":{"polluted":true,"isAdmin":true},"variables":{"${key}":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}}`,
        ),
    },
    { weight: 1, arbitrary: fc.constantFrom('{"variables":', '{', 'null', '"x"', '1', '[]', '{"a":1}x', '\u0000') },
  );
  const body = fc.option(
    fc.record({
      text: json,
      contentType: fc.constantFrom(
        'application/json',
        'application/json',
        'application/json; charset=utf-8',
        'application/json; charset=latin-x',
        'text/plain',
        'application/xml',
      ),
    }),
    { nil: undefined, freq: 4 },
  );

  function requestArbitrary(route: Route): fc.Arbitrary<FuzzRequest> {
    return fc.record({
      parameters: fc.tuple(...route.parameters.map(parameterArbitrary)),
      query,
      body,
      who: fc.constantFrom('eigenaar', 'eigenaar', 'regisseur', 'regisseur', 'anonymous', 'broken-cookie', 'no-csrf'),
    }) as fc.Arbitrary<FuzzRequest>;
  }

  function headersFor(request: FuzzRequest, route: Route): Record<string, string> {
    const headers: Record<string, string> = {};
    if (request.body) headers['content-type'] = request.body.contentType;
    // A logout with a fuzzed user's session would end that session for the rest of the run.
    const logout = route.method === 'DELETE' && route.template === '/api/session';
    if (request.who === 'broken-cookie') headers.cookie = 'casusregie.sid=%';
    if (logout) return headers;
    const identity =
      request.who === 'no-csrf' ? identities.regisseur : identities[request.who as 'eigenaar' | 'regisseur'];
    if (identity) {
      headers.cookie = identity.cookie;
      if (request.who !== 'no-csrf') headers['X-CSRF-Token'] = identity.csrfToken;
    }
    return headers;
  }

  it('answers every random request on every route with a 2xx or 4xx within 2 s, and stays healthy', async () => {
    expect(routes.length).toBeGreaterThan(15);
    const statuses = new Map<number, number>();
    let sent = 0;

    for (const route of routes) {
      await fc.assert(
        fc.asyncProperty(requestArbitrary(route), async (request) => {
          let index = 0;
          const url = route.template.replace(/\{[^}]+\}/g, () => request.parameters[index++] ?? '') + request.query;
          const started = Date.now();
          let status: number;
          try {
            const response = await fetch(server.baseUrl + url, {
              method: route.method,
              headers: headersFor(request, route),
              ...(request.body && route.method !== 'GET' ? { body: request.body.text } : {}),
              signal: AbortSignal.timeout(ANSWER_WITHIN_MS),
            });
            await response.arrayBuffer();
            status = response.status;
          } catch (error) {
            throw new Error(
              `${route.method} ${url.slice(0, 300)}: no answer within ${ANSWER_WITHIN_MS} ms (${Date.now() - started} ms, ${String(error)}); server exited: ${server.exited()}`,
            );
          }
          sent++;
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
          if (status >= 500) {
            throw new Error(
              `${route.method} ${url.slice(0, 300)} as ${request.who} answered ${status}; body ${request.body?.text.slice(0, 300)}`,
            );
          }
        }),
        { numRuns: RUNS_PER_ROUTE, endOnFailure: true },
      );
    }

    const health = await fetch(`${server.baseUrl}/api/health`, { signal: AbortSignal.timeout(ANSWER_WITHIN_MS) });
    expect(health.status).toBe(200);
    expect(server.exited()).toBe(false);
    const seen = [...statuses.entries()]
      .sort(([a], [b]) => a - b)
      .map(([status, count]) => `${status}×${count}`)
      .join(' ');
    console.log(`fuzz: ${sent} requests over ${routes.length} routes; statuses ${seen}`);
    expect([...statuses.keys()].every((status) => status < 500)).toBe(true);
  }, 180_000);
});
