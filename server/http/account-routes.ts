import type { AccountService } from '../accounts/account-service';
import type { AdminUser, PasswordResetResponse, Team } from '../contract/api';
import type { Handlers } from './api-routes';
import { unauthorized } from './problem';

type AccountRouteName =
  | 'listAdminUsers'
  | 'createUser'
  | 'updateUser'
  | 'resetUserPassword'
  | 'changeOwnPassword'
  | 'listAdminTeams'
  | 'createTeam'
  | 'updateTeam';

/** The handlers of server/contract/routes/accounts.ts: users, teams and one's own password. */
export function accountHandlers(accounts: AccountService): Pick<Handlers, AccountRouteName> {
  return {
    listAdminUsers: (_input, _request, response) => {
      response.json(accounts.users() satisfies AdminUser[]);
    },
    createUser: async ({ body }, _request, response) => {
      response.status(201).json(await accounts.create(body));
    },
    updateUser: async ({ user, params, body }, _request, response) => {
      response.json((await accounts.update(user, params.id, body)) satisfies AdminUser);
    },
    resetUserPassword: async ({ params }, _request, response) => {
      response.json({ initialPassword: await accounts.resetPassword(params.id) } satisfies PasswordResetResponse);
    },
    changeOwnPassword: async ({ user, body }, request, response) => {
      if (!request.sessionId) throw unauthorized();
      await accounts.changeOwnPassword(user, request.sessionId, body);
      response.status(204).end();
    },
    listAdminTeams: (_input, _request, response) => {
      response.json(accounts.teamList() satisfies Team[]);
    },
    createTeam: async ({ body }, _request, response) => {
      response.status(201).json((await accounts.createTeam(body)) satisfies Team);
    },
    updateTeam: async ({ params, body }, _request, response) => {
      response.json((await accounts.updateTeam(params.id, body)) satisfies Team);
    },
  };
}
