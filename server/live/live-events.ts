import type { FormSaved, Notification, Task } from '../contract/api';
import type { DefinitionDeployed, InstanceUpdate } from '../contract/events';

/** What the services announce after a change is durable; the socket server delivers it. */
export interface LiveEvents {
  task(kind: 'created' | 'updated' | 'completed', task: Task, previousAssignee?: string): void;
  instanceUpdated(update: InstanceUpdate): void;
  /** A case's regievoerder changed or it closed: to those who may see the case, and to `users` (old and new regievoerder). */
  caseUpdated(scope: { caseId: string; team: string; regionalGroups: readonly string[] }, users: string[]): void;
  definitionDeployed(deployed: DefinitionDeployed): void;
  /** A new version of a form was saved (issue 19): to everyone, for open editors and lists. */
  formSaved(saved: FormSaved): void;
  /** A notification, to its user's sockets only. */
  notificationCreated(userId: string, notification: Notification): void;
  /** Cases of these definition versions (`key@version`) moved; watchers get new statistics, batched. */
  statisticsChanged(definitions: Iterable<string>): void;
}
