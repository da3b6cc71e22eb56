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
 * `task-list?caseId=…` for a refused list). A resource this screen does not know is shown as it
 * is: the privacy officer must never see less than what was logged.
 */
export function resourceText(resource: string): string {
  const [path = '', asked] = resource.split('?', 2);
  const [kind, id, detail, ...rest] = path.split('/');
  const words = wordsFor(kind ?? '', id, detail, rest);
  if (words === undefined) return resource;
  return asked?.startsWith('caseId=') ? `${words} van één casus` : words;
}

function wordsFor(
  kind: string,
  id: string | undefined,
  detail: string | undefined,
  rest: string[],
): string | undefined {
  const tail = rest.length === 0;
  // `socket/instance/<id>` when watching starts, `socket/instance/<id>/<event>` for each change pushed.
  if (kind === 'socket') return rest.length > 0 ? 'live meekijken: wijziging doorgestuurd' : 'live meekijken';
  if (kind === 'case' && id && detail === undefined) return 'casus';
  if (kind === 'case' && id && detail === 'history' && tail) return 'geschiedenis van de casus';
  if (kind === 'case' && id && detail === 'decisions' && tail) return 'besluiten van de casus';
  if (kind === 'instance' && id && detail === undefined) return 'proces-instantie';
  if (kind === 'instance' && id && detail === 'history' && tail) return 'geschiedenis van de proces-instantie';
  if (kind === 'instance' && id && detail === 'xml' && tail) return 'diagram van de proces-instantie';
  if (kind === 'task' && id && detail === undefined) return 'taak';
  // The overview's badge: the cases waiting at one step of a diagram version.
  if (kind === 'definition' && rest[0] === 'element') return 'casussen bij een stap in het procesoverzicht';
  if (id !== undefined) return undefined;
  return LISTS[kind];
}

const LISTS: Record<string, string> = {
  'case-list': 'casuslijst',
  'instance-list': 'lijst van proces-instanties',
  'task-list': 'takenlijst',
  'possible-duplicates': 'mogelijke dubbele aanmelding',
};

export function entriesText(count: number): string {
  return count === 1 ? '1 regel' : `${count} regels`;
}
