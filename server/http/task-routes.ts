import { canWorkOnTask } from '../auth/access';
import type { SessionService } from '../auth/session-service';
import type { CaseQueries } from '../cases/case-queries';
import type { CaseService } from '../cases/case-service';
import type { TaskDetail } from '../contract/api';
import type { Handler } from './api-routes';

type TaskRoutes = typeof import('../contract/routes/tasks').TASK_ROUTES;

export interface TaskRouteDeps {
  cases: CaseService;
  queries: CaseQueries;
  sessions: SessionService;
}

/** The handlers of the worklist and the task actions (server/contract/routes/tasks.ts). */
export function taskHandlers(deps: TaskRouteDeps): {
  [N in keyof TaskRoutes]: Handler<TaskRoutes[N]>;
} {
  return {
    listTasks: async ({ user, query }, _request, response) => {
      response.json(
        await deps.queries.listTasks(user, {
          scope: query.scope ?? 'all',
          overdue: query.overdue === 'true',
          ...(query.caseId === undefined ? {} : { caseId: query.caseId }),
        }),
      );
    },
    getTask: async ({ user, params }, _request, response) => {
      const { task, form, variables } = await deps.queries.taskDetail(user, params.id);
      response.json({ ...task, form, variables } satisfies TaskDetail);
    },
    listTaskCandidates: async ({ user, params }, _request, response) => {
      const { task } = await deps.queries.taskDetail(user, params.id);
      response.json(
        deps.sessions
          .directory()
          .filter((colleague) => canWorkOnTask(colleague, task) && deps.sessions.isActiveUser(colleague.id)),
      );
    },
    claimTask: async ({ user, params }, _request, response) => {
      response.json(await deps.cases.claim(user, params.id));
    },
    unclaimTask: async ({ user, params }, _request, response) => {
      response.json(await deps.cases.unclaim(user, params.id));
    },
    assignTask: async ({ user, params, body }, _request, response) => {
      response.json(await deps.cases.assign(user, params.id, body.userId));
    },
    completeTask: async ({ user, params, body }, _request, response) => {
      const started = performance.now();
      const summary = await deps.cases.complete(user, params.id, body.variables ?? undefined);
      // Server-side cost of the action (persisted and broadcast), for benchmarks and monitoring.
      response.setHeader('Server-Timing', `complete;dur=${(performance.now() - started).toFixed(3)}`);
      response.json(summary);
    },
  };
}
