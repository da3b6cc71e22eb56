import type { Request, Response } from 'express';
import type { OidcLogin } from '../auth/oidc/oidc-login';
import type { SessionService } from '../auth/session-service';
import { type LoginOptions, OIDC_ERROR_PARAM, type OidcLoginError } from '../contract/api';
import type { Handler } from './api-routes';
import { readCookie, setSessionCookie } from './middleware';

/** Holds the handle of a login in progress, between leaving for the provider and coming back. */
export const OIDC_COOKIE = 'casusregie.oidc';
const OIDC_COOKIE_PATH = '/api/session/oidc';

export interface OidcRouteDeps {
  /** Undefined when no identity provider is configured. */
  oidc: OidcLogin | undefined;
  sessions: SessionService;
  secureCookies: boolean;
  sessionHours: number;
}

type OidcRoutes = typeof import('../contract/routes/oidc').OIDC_ROUTES;

/** The handlers of the OIDC routes (server/contract/routes/oidc.ts). */
export function oidcHandlers(deps: OidcRouteDeps): {
  [N in keyof OidcRoutes]: Handler<OidcRoutes[N]>;
} {
  const backToLogin = (response: Response, error: OidcLoginError) =>
    response.redirect(302, `/?${OIDC_ERROR_PARAM}=${error}`);

  return {
    getLoginOptions: (_input, _request, response) => {
      const options: LoginOptions = {
        oidc: deps.oidc ? { label: deps.oidc.label, url: '/api/session/oidc' } : null,
      };
      response.json(options);
    },
    startOidcLogin: async ({ query }, _request, response) => {
      if (!deps.oidc) return backToLogin(response, 'uitgeschakeld');
      const { handle, url } = await deps.oidc.start(query.returnTo);
      // Lax, not Strict: the provider's redirect back is a cross-site top-level navigation,
      // and a Strict cookie would not come along with it.
      response.cookie(OIDC_COOKIE, handle, {
        httpOnly: true,
        sameSite: 'lax',
        secure: deps.secureCookies,
        path: OIDC_COOKIE_PATH,
        maxAge: 10 * 60_000,
      });
      response.redirect(302, url.href);
    },
    finishOidcLogin: async (_input, request, response) => {
      response.clearCookie(OIDC_COOKIE, { path: OIDC_COOKIE_PATH });
      if (!deps.oidc) return backToLogin(response, 'uitgeschakeld');
      const result = await deps.oidc.finish(readCookie(request.headers.cookie, OIDC_COOKIE), queryOf(request));
      if (!result.ok) return backToLogin(response, result.error);
      const session = await deps.sessions.loginExternal(result.profile);
      if (session === 'deactivated') {
        console.warn(`oidc: ${result.profile.id} is deactivated; refused`);
        return backToLogin(response, 'gedeactiveerd');
      }
      if (session === 'local-account') {
        console.warn(`oidc: ${result.profile.id} is a local account; refused`);
        return backToLogin(response, 'lokaal-account');
      }
      setSessionCookie(response, session.sessionId, deps);
      response.redirect(302, result.returnTo);
    },
  };
}

/** The callback's query string as the provider sent it (express would parse `a[b]=` into objects). */
function queryOf(request: Request): URLSearchParams {
  const at = request.originalUrl.indexOf('?');
  return new URLSearchParams(at === -1 ? '' : request.originalUrl.slice(at + 1));
}
