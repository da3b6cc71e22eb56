import { randomBytes } from 'node:crypto';
import * as client from 'openid-client';
import type { OidcConfig } from '../../config';
import {
  MAX_USERNAME_LENGTH,
  type OidcLoginError,
  REGIONAL_ROLES,
  type Role,
  SYSTEM_ROLES,
  TEAM_ROLES,
} from '../../contract/api';

/**
 * Login with the municipality's identity provider: the authorization code flow with PKCE (S256),
 * state and nonce, through openid-client. This module speaks OIDC only; who may log in and the
 * session itself stay with the SessionService.
 */

/** How long a user may take at the provider before the callback no longer counts. */
export const PENDING_LOGIN_MS = 10 * 60_000;
/**
 * Pending logins kept at most: starting one needs no session, so the map must not grow with
 * whatever a client requests. Beyond this the oldest is dropped (that user simply starts again).
 */
const MAX_PENDING_LOGINS = 10_000;

const KNOWN_ROLES: readonly string[] = [...TEAM_ROLES, ...REGIONAL_ROLES, ...SYSTEM_ROLES];
const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._-]*$/;

interface PendingLogin {
  codeVerifier: string;
  state: string;
  nonce: string;
  returnTo: string;
  expiresAt: number;
}

/** What the provider says about the user, mapped onto Casusregie's users. */
export interface OidcProfile {
  id: string;
  name: string;
  email?: string;
  roles: Role[];
  teams: string[];
}

export type CallbackResult =
  | { ok: true; profile: OidcProfile; returnTo: string }
  | { ok: false; error: OidcLoginError };

/** Thrown at start-up when the provider's discovery document cannot be read. */
export class OidcDiscoveryError extends Error {}

export class OidcLogin {
  private readonly pending = new Map<string, PendingLogin>();

  private constructor(
    private readonly settings: OidcConfig,
    private readonly configuration: client.Configuration,
    private readonly isKnownTeam: (id: string) => boolean,
    private readonly now: () => number,
  ) {}

  /** Reads the provider's discovery document; refuses to start when it cannot. */
  static async discover(
    settings: OidcConfig,
    isKnownTeam: (id: string) => boolean,
    now: () => number = Date.now,
  ): Promise<OidcLogin> {
    let configuration: client.Configuration;
    try {
      configuration = await client.discovery(
        settings.issuer,
        settings.clientId,
        undefined,
        client.ClientSecretBasic(settings.clientSecret),
        {
          timeout: 10,
          // Plain HTTP only on this machine (a development or test provider); a real provider speaks HTTPS.
          ...(isLoopback(settings.issuer) ? { execute: [client.allowInsecureRequests] } : {}),
        },
      );
    } catch (error) {
      const reason = error instanceof Error ? `${error.message}${causeOf(error)}` : String(error);
      throw new OidcDiscoveryError(
        `Cannot read the identity provider's discovery document at ${settings.issuer.href} (OIDC_ISSUER): ${reason}`,
      );
    }
    const methods = configuration.serverMetadata().token_endpoint_auth_methods_supported;
    // Basic is the default a provider must support; some only accept the secret in the body.
    if (methods && !methods.includes('client_secret_basic') && methods.includes('client_secret_post')) {
      configuration = new client.Configuration(
        configuration.serverMetadata(),
        settings.clientId,
        undefined,
        client.ClientSecretPost(settings.clientSecret),
      );
      if (isLoopback(settings.issuer)) client.allowInsecureRequests(configuration);
    }
    return new OidcLogin(settings, configuration, isKnownTeam, now);
  }

  get label(): string {
    return this.settings.label;
  }

  /** Starts a login: the provider's URL to send the browser to, and the handle for the transient cookie. */
  async start(returnTo: string | undefined): Promise<{ handle: string; url: URL }> {
    const codeVerifier = client.randomPKCECodeVerifier();
    const pending: PendingLogin = {
      codeVerifier,
      state: client.randomState(),
      nonce: client.randomNonce(),
      returnTo: safeReturnPath(returnTo),
      expiresAt: this.now() + PENDING_LOGIN_MS,
    };
    const url = client.buildAuthorizationUrl(this.configuration, {
      redirect_uri: this.settings.redirectUrl.href,
      scope: this.settings.scopes,
      response_type: 'code',
      code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state: pending.state,
      nonce: pending.nonce,
    });
    const handle = randomBytes(32).toString('base64url');
    this.forgetExpired();
    if (this.pending.size >= MAX_PENDING_LOGINS) {
      const oldest = this.pending.keys().next().value;
      if (oldest !== undefined) this.pending.delete(oldest);
    }
    this.pending.set(handle, pending);
    return { handle, url };
  }

  /**
   * Finishes a login from the provider's redirect (its query string): checks state, PKCE, nonce
   * and the ID token, and reads the user's claims. A handle is good for one attempt only.
   */
  async finish(handle: string | undefined, query: URLSearchParams): Promise<CallbackResult> {
    const pending = handle === undefined ? undefined : this.pending.get(handle);
    if (handle !== undefined) this.pending.delete(handle);
    const providerError = query.get('error');
    if (providerError !== null) {
      console.warn(`oidc: the provider answered ${providerError.slice(0, 100)}`);
      return { ok: false, error: 'geweigerd' };
    }
    if (!pending || pending.expiresAt <= this.now()) return { ok: false, error: 'verlopen' };

    const currentUrl = new URL(this.settings.redirectUrl.href);
    currentUrl.search = query.toString();
    let claims: Record<string, unknown>;
    try {
      const tokens = await client.authorizationCodeGrant(this.configuration, currentUrl, {
        pkceCodeVerifier: pending.codeVerifier,
        expectedState: pending.state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      });
      const idToken = tokens.claims();
      if (!idToken) return { ok: false, error: 'ongeldig' };
      claims = { ...idToken };
      // Providers differ in where they put profile and custom claims: many only in the userinfo answer.
      if (this.configuration.serverMetadata().userinfo_endpoint) {
        const userinfo = await client.fetchUserInfo(this.configuration, tokens.access_token, idToken.sub);
        claims = { ...userinfo, ...idToken };
      }
    } catch (error) {
      return { ok: false, error: classify(error) };
    }
    const profile = this.profileOf(claims);
    if (typeof profile === 'string') return { ok: false, error: profile };
    return { ok: true, profile, returnTo: pending.returnTo };
  }

  private profileOf(claims: Record<string, unknown>): OidcProfile | OidcLoginError {
    const username = usernameOf(claims);
    if (!username) {
      console.warn('oidc: the token has no usable preferred_username or sub');
      return 'ongeldig';
    }
    const roleValues = listOf(claims[this.settings.rolesClaim]);
    const roles = roleValues.filter((role): role is Role => KNOWN_ROLES.includes(role));
    const unknownRoles = roleValues.filter((role) => !KNOWN_ROLES.includes(role));
    if (unknownRoles.length > 0)
      console.warn(`oidc: ignored unknown roles of ${username}: ${unknownRoles.join(', ').slice(0, 500)}`);
    const teamValues = listOf(claims[this.settings.teamsClaim]);
    const teams = teamValues.filter((team) => this.isKnownTeam(team));
    const unknownTeams = teamValues.filter((team) => !this.isKnownTeam(team));
    if (unknownTeams.length > 0)
      console.warn(`oidc: ignored unknown teams of ${username}: ${unknownTeams.join(', ').slice(0, 500)}`);
    if (roles.length === 0) {
      console.warn(`oidc: ${username} has no role of Casusregie in claim ${this.settings.rolesClaim}; refused`);
      return 'geen-rol';
    }
    const name = stringClaim(claims.name) ?? joinedName(claims) ?? username;
    const email = stringClaim(claims.email);
    return {
      id: username,
      name: name.slice(0, 200),
      ...(email ? { email: email.slice(0, 320) } : {}),
      roles: [...new Set(roles)],
      teams: [...new Set(teams)],
    };
  }

  private forgetExpired(): void {
    const now = this.now();
    // Insertion order is expiry order, so the expired ones are at the front.
    for (const [handle, pending] of this.pending) {
      if (pending.expiresAt > now) break;
      this.pending.delete(handle);
    }
  }
}

/**
 * A path of this site to return to, or `/`. Never an absolute or scheme-relative URL (`//evil`,
 * `/\evil`): the login must not become an open redirect.
 */
export function safeReturnPath(value: string | undefined): string {
  if (!value?.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return '/';
  if (/[\\\p{Cc}]/u.test(value) || value.length > 500) return '/';
  return value;
}

function classify(error: unknown): OidcLoginError {
  if (error instanceof client.AuthorizationResponseError) {
    console.warn(`oidc: the provider answered ${error.error}`);
    return 'geweigerd';
  }
  const reason = error instanceof Error ? `${error.message}${causeOf(error)}` : String(error);
  // Network failures reach us as TypeError (fetch) or a timeout; everything else is a check that failed.
  if (error instanceof TypeError || (error instanceof Error && error.name === 'TimeoutError')) {
    console.warn(`oidc: the provider could not be reached: ${reason}`);
    return 'onbereikbaar';
  }
  console.warn(`oidc: the login did not check out: ${reason}`);
  return 'ongeldig';
}

function usernameOf(claims: Record<string, unknown>): string | undefined {
  for (const candidate of [stringClaim(claims.preferred_username), stringClaim(claims.sub)]) {
    const username = candidate?.toLowerCase();
    if (username && username.length <= MAX_USERNAME_LENGTH && USERNAME_PATTERN.test(username)) return username;
  }
  return undefined;
}

/** A claim as a list: a JSON array of strings, or one string of values separated by spaces or commas. */
function listOf(value: unknown): string[] {
  if (typeof value === 'string') return value.split(/[\s,]+/).filter((item) => item !== '');
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string' && item !== '');
  return [];
}

function stringClaim(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

function joinedName(claims: Record<string, unknown>): string | undefined {
  const parts = [stringClaim(claims.given_name), stringClaim(claims.family_name)].filter((part) => part !== undefined);
  return parts.length > 0 ? parts.join(' ') : undefined;
}

function isLoopback(url: URL): boolean {
  return ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
}

function causeOf(error: Error): string {
  return error.cause instanceof Error ? ` (${error.cause.message})` : '';
}
