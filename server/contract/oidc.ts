import { type Static, Type } from '@sinclair/typebox';

/** Login with the municipality's identity provider (OpenID Connect), next to local accounts (issue 15). */

export const LoginOptions = Type.Object(
  {
    oidc: Type.Union(
      [
        Type.Object({
          label: Type.String({ description: 'The button text, e.g. "Inloggen met uw gemeente-account".' }),
          url: Type.String({
            description:
              'Where the button goes: GET /api/session/oidc, which sends the browser on to the provider. A relative `returnTo` query parameter names the page to land on.',
          }),
        }),
        Type.Null(),
      ],
      { description: 'Null when the server has no identity provider configured (OIDC_ISSUER).' },
    ),
  },
  {
    $id: 'LoginOptions',
    description: 'How users can log in, for the login screen. Local accounts (POST /api/session) always can.',
  },
);
export type LoginOptions = Static<typeof LoginOptions>;

/**
 * Why a login at the identity provider did not start a session. The callback sends the browser
 * back to the login screen with `?inlogfout=<code>`; the screen says it in Dutch. A code, not a
 * text: a crafted link cannot make the login screen say anything else.
 */
export const OIDC_LOGIN_ERRORS = [
  /** The user cancelled or the provider refused (error=access_denied and other provider errors). */
  'geweigerd',
  /** The token names no role of Casusregie. */
  'geen-rol',
  /** The beheerder deactivated this user. */
  'gedeactiveerd',
  /** A local account already has this username. */
  'lokaal-account',
  /** The login took too long, or was not started in this browser (no or unknown transient cookie). */
  'verlopen',
  /** State, nonce, PKCE or the ID token did not check out. */
  'ongeldig',
  /** The provider could not be reached to redeem the code. */
  'onbereikbaar',
  /** The server has no identity provider configured. */
  'uitgeschakeld',
] as const;
export type OidcLoginError = (typeof OIDC_LOGIN_ERRORS)[number];

/** The query parameter that carries an OidcLoginError to the login screen. */
export const OIDC_ERROR_PARAM = 'inlogfout';
