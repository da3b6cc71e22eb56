import type { TSchema } from '@sinclair/typebox';
import { Problem } from '../contract/api';
import { CLIENT_TO_SERVER, SERVER_TO_CLIENT } from '../contract/events';
import { type Answer, type ProblemStatus, ROUTES, type RouteSpec } from '../contract/routes';

/**
 * The OpenAPI 3.1 document served at `GET /api/openapi.json`, generated from the contract's
 * schemas (server/contract/api.ts, events.ts) and its route table (routes.ts). Nothing here
 * restates a shape: a change to the contract changes the document.
 */

export type OpenApiDocument = Record<string, unknown>;
type Json = Record<string, unknown>;

const PROBLEM_MEANINGS: Record<ProblemStatus, string> = {
  400: 'Malformed or invalid input; `problems` names each field.',
  401: 'Not logged in.',
  403: 'Not allowed, or the X-CSRF-Token header is missing or wrong.',
  404: 'Unknown, or not visible to you.',
  409: 'Conflict with the current state.',
  413: 'Request body too large.',
  422: 'A well-formed request that breaks a rule.',
  429: 'Too many attempts; see Retry-After.',
};

const DESCRIPTION = `Casusregie steers youth-care cases through BPMN processes.

JSON in and out, under \`/api\`. Times are ISO 8601 UTC strings; durations are ISO 8601 durations.
Errors are RFC 9457 problem details (\`application/problem+json\`). A case you may not see is 404, not 403.
A 2xx answer to anything that changes state means the change is durable.

**Sessions.** \`POST /api/session\` sets an httpOnly, SameSite=Strict cookie (\`casusregie.sid\`) and returns a
\`csrfToken\`; every request that changes something carries it as header \`X-CSRF-Token\`.

**Live events (socket.io).** The socket authenticates with the session cookie; the server puts it in the rooms
of its user's groups and teams. \`x-socket-events\` lists every event with its payload schema.
`;

/** Collects the named schemas (those with a `$id`) a document uses, and refers to them by name. */
class Components {
  readonly schemas: Record<string, Json> = {};

  /** The schema as the document shows it: named sub-schemas become `$ref`s to components. */
  use(schema: TSchema): Json {
    return this.refer(schema) as Json;
  }

  private refer(value: unknown): unknown {
    if (Array.isArray(value)) return value.map((item) => this.refer(item));
    if (typeof value !== 'object' || value === null) return value;
    const schema = value as Json;
    const id = typeof schema.$id === 'string' ? schema.$id : undefined;
    if (id) {
      if (!(id in this.schemas)) {
        this.schemas[id] = {}; // placeholder first: a recursive schema refers to itself
        const { $id: _id, ...rest } = schema;
        this.schemas[id] = this.body(rest);
      }
      return ref(id);
    }
    return this.body(schema);
  }

  private body(schema: Json): Json {
    const copy: Json = {};
    for (const [key, child] of Object.entries(schema)) {
      // A recursive schema's self-reference names it by its $id.
      if (key === '$ref' && typeof child === 'string' && !child.startsWith('#')) copy.$ref = ref(child).$ref;
      else copy[key] = this.refer(child);
    }
    return copy;
  }
}

function ref(name: string): { $ref: string } {
  return { $ref: `#/components/schemas/${name}` };
}

function operation(name: string, route: RouteSpec, components: Components): Json {
  const changes = route.method !== 'get';
  const security =
    route.access === 'public'
      ? []
      : route.access === 'user-if-any'
        ? [{}, { sessionCookie: [], csrfToken: [] }]
        : [changes ? { sessionCookie: [], csrfToken: [] } : { sessionCookie: [] }];
  const parameters = [
    ...parametersOf(route.params, 'path', components),
    ...parametersOf(route.query, 'query', components),
  ];
  const responses: Json = {};
  for (const [status, answer] of Object.entries(route.answers)) responses[status] = response(answer, components);
  for (const [status, description] of problemsOf(route)) {
    responses[String(status)] = { $ref: '#/components/responses/Problem', description };
  }
  return {
    tags: [route.tag],
    operationId: name,
    summary: route.summary,
    ...(route.description ? { description: route.description } : {}),
    ...(route.roles ? { 'x-roles': route.roles.oneOf } : {}),
    security,
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(route.body
      ? {
          requestBody: {
            required: true,
            ...(route.body.description ? { description: route.body.description } : {}),
            content: { [route.body.media]: { schema: components.use(route.body.schema) } },
          },
        }
      : {}),
    responses,
  };
}

function parametersOf(schema: TSchema | undefined, where: 'path' | 'query', components: Components): Json[] {
  const properties: Record<string, TSchema> = schema?.properties ?? {};
  const required = new Set<string>(schema?.required ?? []);
  return Object.entries(properties).map(([name, property]) => {
    const { description, ...rest } = components.use(property);
    return {
      name,
      in: where,
      required: where === 'path' || required.has(name),
      ...(typeof description === 'string' ? { description } : {}),
      schema: rest,
    };
  });
}

function response(answer: Answer, components: Components): Json {
  const headers = answer.headers
    ? {
        headers: Object.fromEntries(
          Object.entries(answer.headers).map(([name, description]) => [
            name,
            { description, schema: { type: 'string' } },
          ]),
        ),
      }
    : {};
  if (answer.media === 'application/xml' || answer.media === 'text/csv') {
    return { description: answer.description, ...headers, content: { [answer.media]: { schema: { type: 'string' } } } };
  }
  if (!answer.schema) return { description: answer.description, ...headers };
  return {
    description: answer.description,
    ...headers,
    content: { 'application/json': { schema: components.use(answer.schema) } },
  };
}

/**
 * The problems a route can answer: those it names, plus those that follow from the table (a
 * session route can answer 401, a change 403 for the CSRF token, a checked request 400, a body 413).
 */
function problemsOf(route: RouteSpec): Array<[ProblemStatus, string]> {
  const named = new Map<ProblemStatus, string>();
  for (const entry of route.problems) {
    const [status, description] = typeof entry === 'number' ? [entry, PROBLEM_MEANINGS[entry]] : entry;
    named.set(status, description);
  }
  const implied: ProblemStatus[] = [];
  if (route.access === 'user') implied.push(401);
  if (route.access !== 'public' && (route.method !== 'get' || route.roles)) implied.push(403);
  if (route.body || route.query) implied.push(400);
  if (route.body) implied.push(413);
  for (const status of implied) if (!named.has(status)) named.set(status, PROBLEM_MEANINGS[status]);
  return [...named.entries()].sort(([a], [b]) => a - b);
}

function socketEvents(components: Components): Json {
  const events = (table: Record<string, { description: string; payload: TSchema }>) =>
    Object.fromEntries(
      Object.entries(table).map(([event, spec]) => [
        event,
        { description: spec.description, payload: components.use(spec.payload) },
      ]),
    );
  return {
    description:
      'socket.io at the server root. The socket authenticates with the session cookie and joins the rooms of its user’s groups and teams. Each client request is acknowledged with a WatchAck.',
    clientToServer: events(CLIENT_TO_SERVER),
    serverToClient: events(SERVER_TO_CLIENT),
  };
}

export function createOpenApiDocument(serverVersion: string): OpenApiDocument {
  const components = new Components();
  const paths: Record<string, Json> = {};
  for (const [name, route] of Object.entries(ROUTES) as Array<[string, RouteSpec]>) {
    const documented = `/api${route.path}`;
    paths[documented] = { ...paths[documented], [route.method]: operation(name, route, components) };
  }
  const problem = components.use(Problem);
  return {
    openapi: '3.1.0',
    info: { title: 'Casusregie API', version: serverVersion, description: DESCRIPTION },
    servers: [{ url: '/' }],
    tags: [
      { name: 'Session', description: 'Logging in and out.' },
      { name: 'Definitions', description: 'BPMN process definitions and their versions.' },
      {
        name: 'Forms',
        description: 'Form-js forms and their versions, pinned by the diagram versions that name them.',
      },
      { name: 'Instances', description: 'Process instances.' },
      { name: 'Cases', description: 'Cases (casussen) and their instance trees.' },
      { name: 'Users', description: 'The user directory.' },
      { name: 'Tasks', description: 'User tasks and the worklist.' },
      { name: 'Health', description: 'Liveness and this document.' },
      { name: 'Testing', description: 'Only with TEST_CLOCK=1.' },
      { name: 'Figures', description: 'Steering figures and their target values: aggregates only.' },
    ],
    paths,
    'x-socket-events': socketEvents(components),
    components: {
      schemas: Object.fromEntries(Object.entries(components.schemas).sort(([a], [b]) => a.localeCompare(b))),
      responses: {
        Problem: {
          description: 'RFC 9457 problem details.',
          content: { 'application/problem+json': { schema: problem } },
        },
      },
      securitySchemes: {
        sessionCookie: {
          type: 'apiKey',
          in: 'cookie',
          name: 'casusregie.sid',
          description: 'The httpOnly, SameSite=Strict session cookie set by POST /api/session.',
        },
        csrfToken: {
          type: 'apiKey',
          in: 'header',
          name: 'X-CSRF-Token',
          description: 'The `csrfToken` from the session; required on every request that changes state.',
        },
      },
    },
  };
}
