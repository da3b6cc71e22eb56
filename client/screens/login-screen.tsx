import { useEffect, useRef, useState } from 'preact/hooks';
import type { LoginOptions, OidcLoginError, User } from '../../server/contract/api';
import { api, messageOf } from '../api/http';
import { login } from '../app/session';
import { usePageTitle } from '../components/page-title';

/** Why a login at the municipality's identity provider gave no session (server/contract/oidc.ts). */
const OIDC_ERROR_MESSAGES: Record<OidcLoginError, string> = {
  geweigerd: 'Inloggen met uw gemeente-account is afgebroken of geweigerd. Probeer het opnieuw.',
  'geen-rol':
    'U bent bij uw gemeente ingelogd, maar uw account heeft geen rol in Casusregie. Vraag de functioneel beheerder om een rol.',
  gedeactiveerd: 'Uw account is gedeactiveerd. Neem contact op met de functioneel beheerder.',
  'lokaal-account':
    'Er bestaat al een account met deze gebruikersnaam dat met een wachtwoord inlogt. Log daarmee in of vraag de functioneel beheerder om hulp.',
  verlopen: 'Het inloggen duurde te lang of is niet in deze browser begonnen. Probeer het opnieuw.',
  ongeldig: 'Het antwoord van de inlogdienst van uw gemeente klopte niet. Probeer het opnieuw.',
  onbereikbaar: 'De inlogdienst van uw gemeente is nu niet bereikbaar. Probeer het later opnieuw.',
  uitgeschakeld: 'Inloggen met een gemeente-account is niet ingeschakeld. Log in met uw gebruikersnaam en wachtwoord.',
};
const OIDC_ERROR_PARAM = 'inlogfout';

/** The message of a failed provider login in the address, taken out of it so a reload does not repeat it. */
function takeOidcError(): string {
  const url = new URL(window.location.href);
  const code = url.searchParams.get(OIDC_ERROR_PARAM);
  if (code === null) return '';
  url.searchParams.delete(OIDC_ERROR_PARAM);
  window.history.replaceState(window.history.state, '', url.pathname + url.search + url.hash);
  return Object.hasOwn(OIDC_ERROR_MESSAGES, code)
    ? OIDC_ERROR_MESSAGES[code as OidcLoginError]
    : 'Inloggen met uw gemeente-account is niet gelukt. Probeer het opnieuw.';
}

export function LoginScreen({ onLogin }: { onLogin: (user: User) => void }) {
  usePageTitle('Inloggen');
  const [error, setError] = useState(takeOidcError);
  const [busy, setBusy] = useState(false);
  const [oidc, setOidc] = useState<LoginOptions['oidc']>(null);
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => first.current?.focus(), []);
  useEffect(() => {
    // Without the answer the password form still works: the provider's button just stays away.
    api.get<LoginOptions>('/api/session/providers').then(
      (options) => setOidc(options.oidc),
      () => setOidc(null),
    );
  }, []);

  const submit = async (event: Event) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget as HTMLFormElement);
    setBusy(true);
    setError('');
    try {
      onLogin(await login(String(data.get('username') ?? ''), String(data.get('password') ?? '')));
    } catch (failure) {
      setError(messageOf(failure));
      setBusy(false);
    }
  };

  // Back to the page the user opened, after the provider's login.
  const returnTo = window.location.pathname + window.location.search;

  return (
    <main id="inhoud" class="login">
      <h1>Casusregie</h1>
      {oidc && (
        <div class="login-provider">
          <a class="button" href={`${oidc.url}?returnTo=${encodeURIComponent(returnTo)}`}>
            {oidc.label}
          </a>
          <p>Of log in met uw gebruikersnaam en wachtwoord van Casusregie:</p>
        </div>
      )}
      <form onSubmit={submit} aria-describedby={error ? 'login-fout' : undefined}>
        <label for="username">Gebruikersnaam</label>
        <input id="username" name="username" autocomplete="username" required ref={first} />
        <label for="password">Wachtwoord</label>
        <input id="password" name="password" type="password" autocomplete="current-password" required />
        <p id="login-fout" role="alert" class="error-text">
          {error}
        </p>
        <button type="submit" disabled={busy}>
          Inloggen
        </button>
      </form>
    </main>
  );
}
