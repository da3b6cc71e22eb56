import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { EmailPreference, Notification } from '../../../server/contract/api';
import { ApiError, request } from '../../api/http';
import { useLiveConnect, useLiveEvent } from '../../api/live';
import { Link, paths, useRoute } from '../../app/router';
import './notifications.css';

const CHOICES: Array<{ value: EmailPreference; label: string }> = [
  { value: 'direct', label: 'Direct, één e-mail per melding' },
  { value: 'dagelijks', label: 'Eén keer per dag, om 7:00' },
  { value: 'nooit', label: 'Nooit' },
];

const moment = new Intl.DateTimeFormat('nl-NL', {
  dateStyle: 'medium',
  timeStyle: 'short',
  timeZone: 'Europe/Amsterdam',
});

/**
 * The bell in the header: how many notifications are unread, live, and a panel with them, each
 * linking to its task or case, plus the user's e-mail choice. New ones are announced politely.
 */
export function NotificationBell() {
  const [items, setItems] = useState<Notification[]>([]);
  const [open, setOpen] = useState(false);
  const [announcement, setAnnouncement] = useState('');
  const [problem, setProblem] = useState('');
  const button = useRef<HTMLButtonElement>(null);

  const load = useCallback(async () => {
    try {
      setItems(await request<Notification[]>('GET', '/api/notifications'));
      setProblem('');
    } catch (error) {
      setProblem(error instanceof ApiError ? error.message : 'De meldingen konden niet worden geladen.');
    }
  }, []);
  useEffect(() => void load(), [load]);
  useLiveConnect(load);
  useLiveEvent(
    'notification:created',
    useCallback((notification: Notification) => {
      setItems((current) => [notification, ...current.filter((item) => item.id !== notification.id)]);
      setAnnouncement(`Nieuwe melding: ${notification.text}`);
    }, []),
  );

  // Following a link in the panel goes to another screen: the panel closes behind it.
  const route = useRoute();
  useEffect(() => setOpen(false), [route]);

  const unread = items.filter((item) => !item.read).length;
  const close = () => {
    setOpen(false);
    button.current?.focus();
  };

  const markRead = async (id: string) => {
    try {
      await request('POST', `/api/notifications/${encodeURIComponent(id)}/read`);
      setItems((current) => current.map((item) => (item.id === id ? { ...item, read: true } : item)));
      setAnnouncement('Melding gelezen.');
    } catch (error) {
      setProblem(error instanceof ApiError ? error.message : 'Dat lukte niet.');
    }
  };
  const markAllRead = async () => {
    try {
      await request('POST', '/api/notifications/read');
      setItems((current) => current.map((item) => ({ ...item, read: true })));
      setAnnouncement('Alle meldingen gelezen.');
    } catch (error) {
      setProblem(error instanceof ApiError ? error.message : 'Dat lukte niet.');
    }
  };

  return (
    <div class="notifications">
      <button
        ref={button}
        type="button"
        class="secondary notifications-button"
        aria-expanded={open}
        aria-controls="notifications-panel"
        aria-label={`Meldingen, ${unread} ongelezen`}
        onClick={() => setOpen(!open)}
        onKeyDown={(event) => {
          if (event.key === 'Escape' && open) close();
        }}
      >
        Meldingen{' '}
        <span class="notifications-count" aria-hidden="true">
          {unread}
        </span>
      </button>
      {/* A live region without role=status: the screens' own status messages stay the only ones. */}
      <div class="visually-hidden notifications-announcement" aria-live="polite" aria-atomic="true">
        {announcement}
      </div>
      {open && (
        <div
          id="notifications-panel"
          class="notifications-panel"
          role="region"
          aria-labelledby="notifications-heading"
          onKeyDown={(event) => {
            if (event.key === 'Escape') close();
          }}
        >
          <div class="notifications-head">
            <h2 id="notifications-heading">Meldingen</h2>
            <button type="button" class="secondary" onClick={markAllRead} disabled={unread === 0}>
              Alles gelezen
            </button>
            <button type="button" class="secondary" onClick={close}>
              Sluiten
            </button>
          </div>
          {problem && <p role="alert">{problem}</p>}
          {items.length === 0 ? (
            <p>U hebt geen meldingen.</p>
          ) : (
            <ul class="notifications-list">
              {items.map((item) => (
                <li key={item.id} class={item.read ? 'read' : 'unread'}>
                  <p>
                    {!item.read && <span class="notifications-new">Nieuw: </span>}
                    {item.text}
                  </p>
                  <p class="notifications-meta">
                    <time dateTime={item.at}>{moment.format(new Date(item.at))}</time>
                    {item.taskId && <Link href={paths.task(item.taskId)}>Naar de taak</Link>}
                    {item.caseId && <Link href={paths.case(item.caseId)}>Naar casus {item.caseId}</Link>}
                    {!item.read && (
                      <button type="button" class="secondary" onClick={() => markRead(item.id)}>
                        Gelezen<span class="visually-hidden">: {item.text}</span>
                      </button>
                    )}
                  </p>
                </li>
              ))}
            </ul>
          )}
          <EmailChoice />
        </div>
      )}
    </div>
  );
}

/** How notifications also reach the user by e-mail: direct, a daily digest, or never. */
function EmailChoice() {
  const [choice, setChoice] = useState<EmailPreference | undefined>();
  const [status, setStatus] = useState('');
  useEffect(() => {
    request<{ email: EmailPreference }>('GET', '/api/me/preferences')
      .then((preferences) => setChoice(preferences.email))
      .catch(() => setStatus('Uw keuze kon niet worden geladen.'));
  }, []);
  const choose = async (email: EmailPreference) => {
    setChoice(email);
    try {
      await request('PUT', '/api/me/preferences', { email });
      setStatus('Uw keuze is opgeslagen.');
    } catch (error) {
      setStatus(error instanceof ApiError ? error.message : 'Uw keuze kon niet worden opgeslagen.');
    }
  };
  return (
    <fieldset class="notifications-email">
      <legend>Meldingen ook per e-mail</legend>
      {CHOICES.map(({ value, label }) => (
        <label key={value}>
          <input
            type="radio"
            name="notifications-email"
            value={value}
            checked={choice === value}
            disabled={choice === undefined}
            onChange={() => choose(value)}
          />{' '}
          {label}
        </label>
      ))}
      <p role="status" aria-live="polite">
        {status}
      </p>
    </fieldset>
  );
}
