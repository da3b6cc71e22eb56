import { Type } from '@sinclair/typebox';
import { LoginOptions, OIDC_ERROR_PARAM } from '../api';
import { json, type RouteSpec } from './route-spec';

const toLoginScreen = `Found: back to the login screen \`/?${OIDC_ERROR_PARAM}=<code>\` (see OidcLoginError), without a session.`;

/** Login with the municipality's identity provider: authorization code flow with PKCE, state and nonce. */
export const OIDC_ROUTES = {
  getLoginOptions: {
    method: 'get',
    path: '/session/providers',
    tag: 'Session',
    summary: 'How users can log in',
    description: 'Whether login with the identity provider is on, and its button text. Needs no login.',
    access: 'public',
    answers: { 200: json(LoginOptions, 'The login options.') },
    problems: [],
    cacheable: true,
  },
  startOidcLogin: {
    method: 'get',
    path: '/session/oidc',
    tag: 'Session',
    summary: 'Log in at the identity provider',
    description:
      'A top-level navigation (a link, not fetch). Keeps the PKCE verifier, state and nonce on the server under a short-lived transient cookie and sends the browser to the provider.',
    access: 'public',
    query: Type.Object({
      returnTo: Type.Optional(
        Type.String({
          maxLength: 500,
          description:
            'A path of this site to land on after the login, e.g. `/taken/123`; anything else (an absolute URL, `//host`) is ignored and the login lands on `/`.',
        }),
      ),
    }),
    answers: {
      302: {
        description: `Found: to the provider's authorization endpoint. When OIDC is not configured: ${toLoginScreen}`,
        headers: {
          Location: 'The authorization URL (code flow, S256 PKCE challenge, state, nonce).',
          'Set-Cookie': 'The httpOnly, SameSite=Lax transient cookie `casusregie.oidc` (10 minutes).',
        },
      },
    },
    problems: [400],
  },
  finishOidcLogin: {
    method: 'get',
    path: '/session/oidc/callback',
    tag: 'Session',
    summary: 'Return from the identity provider',
    description:
      'The redirect URL registered at the provider. Checks state, nonce, PKCE and the ID token, takes name, username, email, roles and teams from the claims (roles and teams Casusregie does not know are ignored and logged), adds or updates the user (`source: oidc`, no local password) and starts a session. Never answers an error status: every failure goes back to the login screen with a code.',
    access: 'public',
    answers: {
      302: {
        description: `Found: logged in, to the \`returnTo\` path or \`/\`. Otherwise ${toLoginScreen}`,
        headers: {
          Location: 'A path of this site.',
          'Set-Cookie':
            'On success the httpOnly, SameSite=Strict session cookie `casusregie.sid`; always clears `casusregie.oidc`.',
        },
      },
    },
    problems: [],
  },
} satisfies Record<string, RouteSpec>;
