import { LoginThrottle } from '../auth/login-throttle';
import type { SessionService } from '../auth/session-service';
import type { SessionInfo } from '../contract/api';
import type { Clock } from '../time/clock';
import type { Handler } from './api-routes';
import { SESSION_COOKIE, setSessionCookie } from './middleware';
import { tooManyRequests, unauthorized } from './problem';

type SessionRoutes = typeof import('../contract/routes/session').SESSION_ROUTES;

export interface SessionRouteDeps {
  sessions: SessionService;
  clock: Clock;
  secureCookies: boolean;
  sessionHours: number;
  /** Called after a logout, to close the session's live connections. */
  onLogout: (sessionId: string) => void;
}

/** The handlers of the password login and the session (server/contract/routes/session.ts). */
export function sessionHandlers(deps: SessionRouteDeps): {
  [N in keyof SessionRoutes]: Handler<SessionRoutes[N]>;
} {
  // On the server's clock, like sessions: the test clock moves both.
  const throttle = new LoginThrottle({ now: () => deps.clock.now().getTime() });
  return {
    login: async ({ body: { username, password } }, request, response) => {
      // Reserved before the password check, so parallel guesses are counted before they run.
      const attempt = throttle.reserve(username, request.ip ?? request.socket.remoteAddress ?? 'onbekend');
      if (!attempt.allowed) {
        const seconds = Math.ceil(attempt.retryAfterMs / 1000);
        response.setHeader('Retry-After', String(seconds));
        const minutes = Math.ceil(seconds / 60);
        throw tooManyRequests(
          attempt.scope === 'address'
            ? `Te veel mislukte pogingen vanaf dit adres. Probeer het over ${minutes} minuten opnieuw.`
            : `Te veel mislukte pogingen voor deze gebruiker. Probeer het over ${minutes} minuten opnieuw.`,
        );
      }
      if (attempt.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, attempt.delayMs));
      const result = await deps.sessions.login(username, password);
      if (!result) throw unauthorized('Gebruikersnaam of wachtwoord klopt niet.');
      attempt.succeeded();
      setSessionCookie(response, result.sessionId, deps);
      response.json(result.info satisfies SessionInfo);
    },
    getSession: ({ user }, request, response) => {
      if (!request.csrfToken) throw unauthorized();
      response.json({
        user,
        csrfToken: request.csrfToken,
        ...(request.mustChangePassword ? { mustChangePassword: true } : {}),
      } satisfies SessionInfo);
    },
    logout: async (_input, request, response) => {
      await deps.sessions.logout(request.sessionId);
      if (request.sessionId) deps.onLogout(request.sessionId);
      response.clearCookie(SESSION_COOKIE, { path: '/' });
      response.status(204).end();
    },
  };
}
