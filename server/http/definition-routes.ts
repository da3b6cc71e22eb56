import type { CaseQueries } from '../cases/case-queries';
import type { CaseService } from '../cases/case-service';
import type {
  DefinitionVersion,
  ElementInstances,
  MigrationCheck,
  MigrationResult,
  ProcessIncident,
} from '../contract/api';
import type { DefinitionRegistry } from '../definitions/definition-registry';
import type { Clock } from '../time/clock';
import type { Handler } from './api-routes';
import { notFound } from './problem';

type DefinitionRoutes = typeof import('../contract/routes/definitions').DEFINITION_ROUTES &
  typeof import('../contract/routes/migrations').MIGRATION_ROUTES;

export interface DefinitionRouteDeps {
  definitions: DefinitionRegistry;
  cases: CaseService;
  queries: CaseQueries;
  clock: Clock;
}

/**
 * The handlers of the process definitions, their versions, statistics and incidents, and the
 * migration of running instances to a newer version (server/contract/routes/definitions.ts and
 * migrations.ts).
 */
export function definitionHandlers(deps: DefinitionRouteDeps): {
  [N in keyof DefinitionRoutes]: Handler<DefinitionRoutes[N]>;
} {
  return {
    listDefinitions: ({ query }, _request, response) => {
      response.json(deps.definitions.list(query.all === 'true') satisfies DefinitionVersion[]);
    },
    deployDefinition: async ({ user, query, body }, _request, response) => {
      const note = query.note?.trim();
      const { created, ...result } = await deps.definitions.deploy(body, user.id, note ? { note } : {});
      response.status(created ? 201 : 200).json(result);
    },
    listDefinitionVersions: ({ params }, _request, response) => {
      const versions = deps.definitions.versions(params.key);
      if (!versions) throw notFound('Dit proces bestaat niet.');
      response.json(versions satisfies DefinitionVersion[]);
    },
    getDefinitionXml: async ({ params }, _request, response) => {
      const xmlText = await deps.definitions.xml(params.key, Number(params.version));
      if (xmlText === undefined) throw notFound('Deze diagramversie bestaat niet.');
      response.type('application/xml').send(xmlText);
    },
    getDefinitionStatistics: ({ params }, _request, response) => {
      const version = Number(params.version);
      if (!deps.definitions.version(params.key, version)) throw notFound('Deze diagramversie bestaat niet.');
      response.json(deps.cases.index.statisticsOf(params.key, version, deps.clock.now()));
    },
    listInstancesAtElement: async ({ user, params, query }, _request, response) => {
      const version = Number(params.version);
      if (!deps.definitions.version(params.key, version)) throw notFound('Deze diagramversie bestaat niet.');
      const limit = Math.min(500, Math.max(1, Number(query.limit ?? 100) || 100));
      response.json(
        (await deps.queries.waitingAt(user, params.key, version, params.elementId, limit)) satisfies ElementInstances,
      );
    },
    listProcessIncidents: async ({ params }, _request, response) => {
      const versions = deps.definitions.versions(params.key);
      if (!versions) throw notFound('Dit proces bestaat niet.');
      const incidents = deps.cases.index.openIncidentsOf(params.key);
      // Names per version, read once per version listed (a version's model is cached after its first use).
      const names = new Map<number, ReadonlyMap<string, { name: string }>>();
      for (const version of new Set(incidents.map((incident) => incident.version))) {
        names.set(
          version,
          (await deps.definitions.model(params.key, version).catch(() => undefined))?.elements ?? new Map(),
        );
      }
      response.json(
        incidents.map((incident) => {
          const name = names.get(incident.version)?.get(incident.elementId)?.name;
          return name && name !== incident.elementId ? { ...incident, elementName: name } : incident;
        }) satisfies ProcessIncident[],
      );
    },
    // Migration of running instances to a newer version: process owners only, like deploying.
    checkMigration: async ({ params, body }, _request, response) => {
      response.json((await deps.cases.dryRunMigration(params.key, body)) satisfies MigrationCheck[]);
    },
    migrateInstances: async ({ user, params, body }, _request, response) => {
      response.json((await deps.cases.migrate(user, params.key, body)) satisfies MigrationResult[]);
    },
  };
}
