import type { Temporal } from 'temporal-polyfill';
import type { StoredNotification } from '../store/store';

/**
 * The e-mails' Dutch texts. They carry what the notification says (case number and task) and a
 * link; never the youth: mail leaves the municipality's systems.
 */

const SUBJECTS: Record<StoredNotification['kind'], string> = {
  toegewezen: 'Taak aan u toegewezen',
  herinnering: 'Herinnering',
  escalatie: 'Escalatie',
  crisisnorm: 'Crisisnorm overschreden',
  'termijn-verstreken': 'Taak over de termijn',
};

const FOOTER =
  'Deze e-mail noemt bewust geen gegevens van de jeugdige. U ontvangt hem omdat u in Casusregie meldingen per e-mail hebt aanstaan; dat wijzigt u onder Meldingen.';

function links(notification: StoredNotification, publicUrl: string): string[] {
  const base = publicUrl.replace(/\/+$/, '');
  return [
    ...(notification.taskId ? [`Taak: ${base}/taken/${encodeURIComponent(notification.taskId)}`] : []),
    ...(notification.caseId ? [`Casus: ${base}/casussen/${encodeURIComponent(notification.caseId)}`] : []),
  ];
}

export function notificationMail(
  notification: StoredNotification,
  publicUrl: string,
): { subject: string; text: string } {
  const subject = `Casusregie: ${SUBJECTS[notification.kind]}${notification.caseId ? `, casus ${notification.caseId}` : ''}`;
  return { subject, text: [notification.text, '', ...links(notification, publicUrl), '', FOOTER].join('\n') };
}

export function digestMail(
  items: StoredNotification[],
  publicUrl: string,
  day: Temporal.PlainDate,
): { subject: string; text: string } {
  const date = `${day.day}-${day.month}-${day.year}`;
  const subject = `Casusregie: ${items.length === 1 ? '1 melding' : `${items.length} meldingen`} van ${date}`;
  const body = [...items]
    .reverse()
    .flatMap((item) => [`- ${item.text}`, ...links(item, publicUrl).map((line) => `  ${line}`)]);
  return { subject, text: [`Uw meldingen in Casusregie:`, '', ...body, '', FOOTER].join('\n') };
}
