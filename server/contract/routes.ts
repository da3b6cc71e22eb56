import { ACCESS_LOG_ROUTES } from './routes/access-log';
import { ACCOUNT_ROUTES } from './routes/accounts';
import { CASE_ROUTES } from './routes/cases';
import { DEFINITION_ROUTES } from './routes/definitions';
import { FIGURE_ROUTES } from './routes/figures';
import { FORM_ROUTES } from './routes/forms';
import { HEALTH_ROUTES } from './routes/health';
import { INSTANCE_ROUTES } from './routes/instances';
import { INTAKE_ROUTES } from './routes/intake';
import { MIGRATION_ROUTES } from './routes/migrations';
import { NOTIFICATION_ROUTES } from './routes/notifications';
import { OIDC_ROUTES } from './routes/oidc';
import type { RouteSpec } from './routes/route-spec';
import { SESSION_ROUTES } from './routes/session';
import { TASK_ROUTES } from './routes/tasks';
import { TEST_CLOCK_ROUTES } from './routes/test-clock';
import { USER_ROUTES } from './routes/users';

export type { Answer, ProblemStatus, RouteSpec } from './routes/route-spec';

/**
 * The route table: every REST route once, with who may call it, what it takes and what it
 * answers. The server registers its express routes from it (server/http/api-routes.ts), so a
 * route cannot exist without its description, and the OpenAPI document is generated from it
 * (server/http/openapi.ts). Paths are relative to `/api`, in OpenAPI's `{param}` style.
 */
export const ROUTES = {
  ...SESSION_ROUTES,
  ...OIDC_ROUTES,
  ...DEFINITION_ROUTES,
  ...MIGRATION_ROUTES,
  ...FORM_ROUTES,
  ...INSTANCE_ROUTES,
  ...INTAKE_ROUTES,
  ...CASE_ROUTES,
  ...USER_ROUTES,
  ...ACCESS_LOG_ROUTES,
  ...ACCOUNT_ROUTES,
  ...TASK_ROUTES,
  ...FIGURE_ROUTES,
  ...NOTIFICATION_ROUTES,
  ...HEALTH_ROUTES,
  ...TEST_CLOCK_ROUTES,
} satisfies Record<string, RouteSpec>;

export type RouteName = keyof typeof ROUTES;

/** Express-style path of a route: `{key}` becomes `:key`. */
export function expressPath(route: RouteSpec): string {
  return route.path.replaceAll(/\{(\w+)\}/g, ':$1');
}
