import { type Static, Type } from '@sinclair/typebox';
import { fieldProblem, requestProblem } from './field-problem';
import { dateTime } from './schema-parts';

/** Notifications in the app and by e-mail (issue 16): who is told when their moment comes. */

export const NotificationKind = Type.Union(
  [
    Type.Literal('toegewezen'),
    Type.Literal('herinnering'),
    Type.Literal('escalatie'),
    Type.Literal('crisisnorm'),
    Type.Literal('termijn-verstreken'),
  ],
  {
    $id: 'NotificationKind',
    description:
      'toegewezen: a task was assigned to you by someone else; herinnering / escalatie: a timer of a case that concerns you fired; crisisnorm: the 24-hour crisis norm was breached; termijn-verstreken: your task is past its due date.',
  },
);
export type NotificationKind = Static<typeof NotificationKind>;

export const Notification = Type.Object(
  {
    id: Type.String(),
    at: dateTime(),
    kind: NotificationKind,
    caseId: Type.Optional(Type.String()),
    taskId: Type.Optional(Type.String()),
    text: Type.String({ description: 'Dutch; names the case number and the task, never the youth.' }),
    read: Type.Boolean(),
  },
  { $id: 'Notification', description: 'A notification for the caller.' },
);
export type Notification = Static<typeof Notification>;

export const EmailPreference = Type.Union([Type.Literal('direct'), Type.Literal('dagelijks'), Type.Literal('nooit')], {
  description: 'direct: one e-mail per notification (default); dagelijks: one digest a day at 07:00; nooit: none.',
  ...fieldProblem('choice', 'Kies direct, dagelijks of nooit.', 'Kies bij email direct, dagelijks of nooit.'),
});
export type EmailPreference = Static<typeof EmailPreference>;

export const Preferences = Type.Object(
  { email: EmailPreference },
  { $id: 'Preferences', ...requestProblem('Kies bij email direct, dagelijks of nooit.') },
);
export type Preferences = Static<typeof Preferences>;
