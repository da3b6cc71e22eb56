import { useEffect, useRef, useState } from 'preact/hooks';
import type { AdminUser, PasswordResetResponse, UpdateUserRequest } from '../../../server/contract/api';
import { api, messageOf, request } from '../../api/http';
import { OneTimePassword } from './one-time-password';

/** Deactivating or reactivating a user, and resetting their password, on the user's page. */

export function ActiveSection({ user, onChanged }: { user: AdminUser; onChanged: (user: AdminUser) => void }) {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const [done, setDone] = useState('');
  const confirmBox = useRef<HTMLDivElement>(null);
  const startButton = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (confirming) confirmBox.current?.focus();
  }, [confirming]);

  const change = async () => {
    setBusy(true);
    setError('');
    try {
      const next = await request<AdminUser>('PATCH', `/api/admin/users/${encodeURIComponent(user.id)}`, {
        active: !user.active,
      } satisfies UpdateUserRequest);
      setConfirming(false);
      setDone(
        next.active
          ? `${next.name} is weer actief en kan inloggen.`
          : `${next.name} is gedeactiveerd; hun sessies zijn beëindigd.`,
      );
      onChanged(next);
    } catch (failure) {
      setError(messageOf(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="admin-section" aria-labelledby="account-titel">
      <h2 id="account-titel">Account</h2>
      <p>
        Status: <strong>{user.active ? 'actief' : 'gedeactiveerd'}</strong>
      </p>
      <p role="status">{done}</p>
      {confirming ? (
        <div class="notice admin-confirm" role="group" tabIndex={-1} ref={confirmBox} aria-labelledby="bevestig-titel">
          <h3 id="bevestig-titel">{user.active ? `${user.name} deactiveren?` : `${user.name} weer activeren?`}</h3>
          <p>
            {user.active
              ? 'Alle sessies van deze gebruiker eindigen direct, ook open schermen en live verbindingen. Daarna kan de gebruiker niet meer inloggen tot u het account weer activeert.'
              : 'De gebruiker kan daarna weer inloggen met het bestaande wachtwoord.'}
          </p>
          {error && <p class="error-text">{error}</p>}
          <div class="admin-actions">
            <button
              type="button"
              class={user.active ? 'danger' : undefined}
              disabled={busy}
              onClick={() => void change()}
            >
              {user.active ? 'Ja, deactiveren' : 'Ja, activeren'}
            </button>
            <button
              type="button"
              class="secondary"
              onClick={() => {
                setConfirming(false);
                setError('');
                startButton.current?.focus();
              }}
            >
              Annuleren
            </button>
          </div>
        </div>
      ) : (
        <button
          type="button"
          class="secondary"
          ref={startButton}
          onClick={() => {
            setDone('');
            setConfirming(true);
          }}
        >
          {user.active ? 'Deactiveren' : 'Activeren'}
        </button>
      )}
    </section>
  );
}

/** A reset makes the current password useless and shows a new one-time password once. */
export function PasswordResetSection({ user }: { user: AdminUser }) {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const [password, setPassword] = useState('');
  const confirmBox = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (confirming) confirmBox.current?.focus();
  }, [confirming]);

  const reset = async () => {
    setBusy(true);
    setError('');
    try {
      const answer = await api.post<PasswordResetResponse>(
        `/api/admin/users/${encodeURIComponent(user.id)}/password-reset`,
      );
      setConfirming(false);
      setPassword(answer.initialPassword);
    } catch (failure) {
      setError(messageOf(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="admin-section" aria-labelledby="wachtwoord-titel">
      <h2 id="wachtwoord-titel">Wachtwoord</h2>
      {password ? (
        <OneTimePassword title="Nieuw eenmalig wachtwoord" userName={user.name} password={password} />
      ) : confirming ? (
        <div class="notice admin-confirm" role="group" tabIndex={-1} ref={confirmBox} aria-labelledby="reset-titel">
          <h3 id="reset-titel">Wachtwoord van {user.name} opnieuw instellen?</h3>
          <p>
            Het huidige wachtwoord werkt daarna niet meer. U krijgt één keer een nieuw eenmalig wachtwoord te zien, dat
            de gebruiker bij de volgende keer inloggen moet wijzigen.
          </p>
          {error && <p class="error-text">{error}</p>}
          <div class="admin-actions">
            <button type="button" disabled={busy} onClick={() => void reset()}>
              Ja, nieuw wachtwoord maken
            </button>
            <button type="button" class="secondary" onClick={() => setConfirming(false)}>
              Annuleren
            </button>
          </div>
        </div>
      ) : (
        <button type="button" class="secondary" onClick={() => setConfirming(true)}>
          Wachtwoord opnieuw instellen
        </button>
      )}
    </section>
  );
}
