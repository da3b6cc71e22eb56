import { useEffect, useRef, useState } from 'preact/hooks';

/**
 * A one-time password, shown exactly once: it lives only in this component's state, so leaving
 * the page loses it for good. The beheerder copies it and hands it over by a safe channel; the
 * user must choose their own password at first login.
 */
export function OneTimePassword(props: { title: string; userName: string; password: string }) {
  const box = useRef<HTMLDivElement>(null);
  const [copied, setCopied] = useState<'' | 'ok' | 'failed'>('');
  useEffect(() => box.current?.focus(), []);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(props.password);
      setCopied('ok');
    } catch {
      setCopied('failed');
    }
  };

  return (
    <div
      class="one-time-password notice success"
      role="region"
      tabIndex={-1}
      ref={box}
      aria-labelledby="eenmalig-titel"
    >
      <h2 id="eenmalig-titel">{props.title}</h2>
      <p>
        Het eenmalige wachtwoord van <strong>{props.userName}</strong> is:
      </p>
      <p class="password-value">
        <code id="eenmalig-wachtwoord">{props.password}</code>
      </p>
      <button type="button" class="secondary" onClick={() => void copy()}>
        Wachtwoord kopiëren
      </button>
      <p role="status" class="copy-status">
        {copied === 'ok' && 'Gekopieerd.'}
        {copied === 'failed' && 'Kopiëren lukte niet; selecteer het wachtwoord en kopieer het zelf.'}
      </p>
      <p>
        <strong>U ziet dit wachtwoord maar één keer.</strong> Geef het veilig door: persoonlijk of via een ander kanaal
        dan de gebruikersnaam, niet samen in één e-mail. Bij de eerste keer inloggen kiest de gebruiker een eigen
        wachtwoord.
      </p>
    </div>
  );
}
