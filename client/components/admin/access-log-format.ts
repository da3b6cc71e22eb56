import type { AccessLogAction } from '../../../server/contract/admin';

/** How the access log's entries read on screen: in Dutch, in the Netherlands' time. */

const momentFormat = new Intl.DateTimeFormat('nl-NL', {
  timeZone: 'Europe/Amsterdam',
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** "04-12-2026 18:33:06", to the second: an audit trail is read to the second. */
export function formatMoment(value: string): string {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  const parts = Object.fromEntries(momentFormat.formatToParts(date).map((part) => [part.type, part.value]));
  return `${parts.day}-${parts.month}-${parts.year} ${parts.hour}:${parts.minute}:${parts.second}`;
}

export function actionText(action: AccessLogAction): string {
  return action === 'refused' ? 'Geweigerd' : 'Ingezien';
}

/**
 * What was read, in words, from the log's resource (`case/C-2026-0001/history`, `task/…`,
 * `socket/instance/…`). A resource this screen does not know is shown as it is: the privacy
 * officer must never see less than what was logged.
 */
export function resourceText(resource: string): string {
  const [kind, id, detail, more] = resource.split('/');
  const tail = more === undefined;
  if (kind === 'socket') return id === 'instance' ? 'live meekijken' : 'live verbinding';
  if (kind === 'case' && id && detail === undefined) return 'casus';
  if (kind === 'case' && id && detail === 'history' && tail) return 'geschiedenis van de casus';
  if (kind === 'case' && id && detail === 'decisions' && tail) return 'besluiten van de casus';
  if (kind === 'instance' && id && detail === undefined) return 'proces-instantie';
  if (kind === 'instance' && id && detail === 'history' && tail) return 'geschiedenis van de proces-instantie';
  if (kind === 'task' && id && detail === undefined) return 'taak';
  const lists: Record<string, string> = {
    'case-list': 'casuslijst',
    cases: 'casuslijst',
    instances: 'lijst van proces-instanties',
    tasks: 'takenlijst',
    'possible-duplicates': 'mogelijke dubbele aanmelding',
  };
  if (id === undefined && kind && Object.hasOwn(lists, kind)) return lists[kind] ?? resource;
  return resource;
}

export function entriesText(count: number): string {
  return count === 1 ? '1 regel' : `${count} regels`;
}
