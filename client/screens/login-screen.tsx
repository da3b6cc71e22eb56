import { useEffect, useRef, useState } from 'preact/hooks';
import type { User } from '../../server/contract/api';
import { messageOf } from '../api/http';
import { login } from '../app/session';
import { usePageTitle } from '../components/page-title';

export function LoginScreen({ onLogin }: { onLogin: (user: User) => void }) {
  usePageTitle('Inloggen');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => first.current?.focus(), []);

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

  return (
    <main id="inhoud" class="login">
      <h1>Casusregie</h1>
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
