import { randomUUID } from 'node:crypto';
import { Temporal } from 'temporal-polyfill';
import type { Notification, NotificationKind, Task, User } from '../contract/api';
import type { ProcessModel } from '../definitions/process-model';
import type {
  CaseDocument,
  EmailPreference,
  NotificationSettings,
  NotificationStore,
  StoredHistoryEntry,
  StoredNotification,
} from '../store/store';
import type { Clock } from '../time/clock';
import { digestMail, notificationMail } from './mail-texts';
import type { Mailer } from './mailer';

/** The daily digest goes out at this hour, Amsterdam time, on the server clock. */
export const DIGEST_HOUR = 7;
const ZONE = 'Europe/Amsterdam';
/** How often the overdue check and the digest run on real time (the test clock runs them at each advance). */
const TICK_MS = 60_000;

export interface NotificationDeps {
  store: NotificationStore;
  clock: Clock;
  /** The organisation's users (public profiles) and their e-mail addresses. */
  users: {
    all(): User[];
    find(id: string): User | undefined;
    isActive(id: string): boolean;
    email(id: string): string | undefined;
  };
  model(key: string, version: number): Promise<ProcessModel | undefined>;
  /** Open tasks held by a user, and whether a task is still open. */
  openTasksOf(userId: string): Task[];
  isOpenTask(taskId: string): boolean;
  emit(userId: string, notification: Notification): void;
  /** Absent: no SMTP_URL, no e-mail. */
  mail?: { mailer: Mailer; publicUrl: string };
  /**
   * Whether this node runs the overdue checks and digests now (several nodes on one store: one
   * does, or people are told twice); absent, it always does.
   */
  leads?: () => Promise<boolean>;
}

/** What a timer firing needs from the case, copied at commit time (the document moves on). */
interface TimerMoment {
  caseId: string;
  team: string;
  regisseur?: string;
  definitionKey: string;
  version: number;
  elementId: string;
  tasks: Array<{ id: string; elementId: string; name: string; assignee?: string; createdAt: string }>;
}

type Draft = Omit<StoredNotification, 'id' | 'at' | 'read'>;

/**
 * Tells people when their moment comes: a task assigned to them, a reminder or escalation timer
 * of their case, a breached crisis norm, their task overdue. It hears actions only after they are
 * durable (CaseUnitOfWork.onCommitted), stores the notifications, then pushes them live and mails
 * them; none of that makes the action wait or fail. Texts name the case number and the task,
 * never the youth.
 */
export class NotificationService {
  /** Notification work in order; reads wait for it, so a caller sees what its own action caused. */
  private pending: Promise<void> = Promise.resolve();
  private interval: NodeJS.Timeout | undefined;

  constructor(private readonly deps: NotificationDeps) {}

  start(): void {
    this.interval = setInterval(() => void this.tick(), TICK_MS);
    this.interval.unref();
  }

  stop(): void {
    if (this.interval) clearInterval(this.interval);
    this.deps.mail?.mailer.close();
  }

  /** Resolves once every notification of the actions so far is stored and sent out. */
  settled(): Promise<void> {
    return this.pending;
  }

  private enqueue(work: () => Promise<void>): void {
    this.pending = this.pending.then(work).catch((error: unknown) => {
      // A notification that could not be stored is lost; the action itself stands.
      console.error('notifications could not be stored', error);
    });
  }

  /** The CaseUnitOfWork listener: reads the committed document now, works on it later. */
  committed(document: Readonly<CaseDocument>, history: readonly StoredHistoryEntry[]): void {
    const drafts: Draft[] = [];
    const timers: TimerMoment[] = [];
    for (const entry of history) {
      if (entry.type === 'task.assigned') {
        const taskId = entry.data?.taskId;
        const to = entry.data?.aan;
        if (typeof taskId !== 'string' || typeof to !== 'string' || to === entry.actor) continue;
        const task = document.tasks[taskId];
        if (!task) continue;
        const by = this.deps.users.find(entry.actor)?.name ?? entry.actor;
        drafts.push({
          userId: to,
          kind: 'toegewezen',
          caseId: document.caseId,
          taskId,
          text: `Casus ${document.caseId}: de taak "${task.name}" is aan u toegewezen door ${by}.`,
        });
      } else if (entry.type === 'timer.fired' && entry.elementId) {
        const instance = document.instances[entry.instanceId];
        if (!instance) continue;
        timers.push({
          caseId: document.caseId,
          team: document.team,
          ...(document.regisseur ? { regisseur: document.regisseur } : {}),
          definitionKey: instance.definitionKey,
          version: instance.version,
          elementId: entry.elementId,
          tasks: Object.values(document.tasks)
            .filter((task) => task.instanceId === instance.id)
            .map(({ id, elementId, name, assignee, createdAt }) => ({
              id,
              elementId,
              name,
              createdAt,
              ...(assignee ? { assignee } : {}),
            })),
        });
      }
    }
    if (drafts.length === 0 && timers.length === 0) return;
    this.enqueue(async () => {
      for (const timer of timers) drafts.push(...(await this.timerDrafts(timer)));
      await this.deliver(drafts);
    });
  }

  private async timerDrafts(moment: TimerMoment): Promise<Draft[]> {
    const model = await this.deps.model(moment.definitionKey, moment.version).catch(() => undefined);
    const element = model?.elements.get(moment.elementId);
    const timerName = element?.name || moment.elementId;
    // The task the timer watches (a boundary event's activity), its latest visit.
    const task = moment.tasks
      .filter((candidate) => candidate.elementId === element?.attachedTo)
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0];
    const kind: NotificationKind = /crisisnorm/i.test(moment.elementId)
      ? 'crisisnorm'
      : /herinner/i.test(`${moment.elementId} ${timerName}`) || !element?.attachedTo
        ? 'herinnering'
        : 'escalatie';
    const holder = task?.assignee ?? moment.regisseur;
    const teamleiders = this.deps.users
      .all()
      .filter((user) => user.roles.includes('teamleider') && user.teams.includes(moment.team))
      .map((user) => user.id);
    const recipients =
      kind === 'crisisnorm'
        ? [
            ...this.deps.users
              .all()
              .filter((user) => user.roles.includes('crisisdienst'))
              .map((user) => user.id),
            ...teamleiders,
          ]
        : kind === 'escalatie'
          ? [...(holder ? [holder] : []), ...teamleiders]
          : holder
            ? [holder]
            : [];
    const about = task ? ` bij de taak "${task.name}"` : '';
    const text =
      kind === 'crisisnorm'
        ? `Casus ${moment.caseId}: de crisisnorm is overschreden; 24 uur na de crisismelding is "${task?.name ?? 'de crisisinterventie'}" nog niet afgerond.`
        : kind === 'escalatie'
          ? `Casus ${moment.caseId}: escalatie, "${timerName}"${about}.`
          : `Casus ${moment.caseId}: herinnering, "${timerName}"${about}.`;
    return [...new Set(recipients)].map((userId) => ({
      userId,
      kind,
      caseId: moment.caseId,
      ...(task ? { taskId: task.id } : {}),
      text,
    }));
  }

  /** Stores the notifications, then pushes each live and mails it to whoever wants it at once. */
  private async deliver(drafts: Draft[]): Promise<void> {
    const at = this.deps.clock.now().toISOString();
    const notifications: StoredNotification[] = drafts
      .filter((draft) => this.deps.users.isActive(draft.userId))
      .map((draft) => ({ id: randomUUID(), at, read: false, ...draft }));
    if (notifications.length === 0) return;
    await this.deps.store.add(notifications);
    for (const notification of notifications) {
      this.deps.emit(notification.userId, toApi(notification));
      if ((await this.preference(notification.userId)) !== 'direct') continue;
      const to = this.deps.users.email(notification.userId);
      if (to && this.deps.mail) {
        this.deps.mail.mailer.send({ to, ...notificationMail(notification, this.deps.mail.publicUrl) });
      }
    }
  }

  async list(userId: string, unreadOnly: boolean): Promise<Notification[]> {
    await this.settled();
    return (await this.deps.store.ofUser(userId)).filter((item) => !unreadOnly || !item.read).map(toApi);
  }

  /** False when the notification is not the user's (or no longer kept). */
  async markRead(userId: string, id: string): Promise<boolean> {
    await this.settled();
    return (await this.deps.store.markRead(userId, [id])) > 0;
  }

  async markAllRead(userId: string): Promise<void> {
    await this.settled();
    await this.deps.store.markRead(userId);
  }

  async preference(userId: string): Promise<EmailPreference> {
    return (await this.deps.store.settings(userId))?.email ?? 'direct';
  }

  async setPreference(userId: string, email: EmailPreference): Promise<void> {
    const previous = await this.deps.store.settings(userId);
    const settings: NotificationSettings = { ...previous, email };
    if (email === 'dagelijks' && previous?.email !== 'dagelijks') {
      // The first digest holds what comes from now on, at the next 07:00.
      const now = this.deps.clock.now();
      settings.digestSince = now.toISOString();
      const local = amsterdam(now);
      if (local.hour >= DIGEST_HOUR) settings.lastDigestDay = local.toPlainDate().toString();
      else delete settings.lastDigestDay;
    }
    await this.deps.store.putSettings(userId, settings);
  }

  /**
   * The work that follows the clock: tasks that became overdue, and the daily digests once 07:00
   * has passed. Runs every minute, and after each move of the test clock; on the leading node only.
   */
  async tick(): Promise<void> {
    const leads = this.deps.leads;
    if (leads) {
      const leading = await leads().catch((error: unknown) => {
        console.error('could not tell whether this node leads the notifications', error);
        return false;
      });
      if (!leading) return;
    }
    const run = this.pending.then(async () => {
      await this.overdue();
      await this.digests();
    });
    this.pending = run.catch((error: unknown) => console.error('notification check failed', error));
    await this.pending;
  }

  private async overdue(): Promise<void> {
    const now = this.deps.clock.now().getTime();
    const told = await this.deps.store.overdueNotified();
    const drafts: Draft[] = [];
    const newlyTold: string[] = [];
    for (const user of this.deps.users.all()) {
      for (const task of this.deps.openTasksOf(user.id)) {
        if (!task.dueAt || Date.parse(task.dueAt) > now || told.has(task.id) || task.assignee !== user.id) continue;
        newlyTold.push(task.id);
        drafts.push({
          userId: user.id,
          kind: 'termijn-verstreken',
          caseId: task.caseId,
          taskId: task.id,
          text: `Casus ${task.caseId}: uw taak "${task.name}" is over de termijn (uiterlijk ${dutchMoment(task.dueAt)}).`,
        });
      }
    }
    // Tasks no longer open are forgotten, so the list stays as small as the open work.
    const stillOpen = [...told].filter((id) => this.deps.isOpenTask(id));
    if (newlyTold.length === 0 && stillOpen.length === told.size) return;
    await this.deps.store.setOverdueNotified([...stillOpen, ...newlyTold]);
    await this.deliver(drafts);
  }

  private async digests(): Promise<void> {
    const mail = this.deps.mail;
    const now = this.deps.clock.now();
    const local = amsterdam(now);
    if (local.hour < DIGEST_HOUR) return;
    const today = local.toPlainDate().toString();
    for (const userId of await this.deps.store.usersWithSettings()) {
      const settings = await this.deps.store.settings(userId);
      if (settings?.email !== 'dagelijks' || settings.lastDigestDay === today) continue;
      const since = settings.digestSince ?? '';
      const items = (await this.deps.store.ofUser(userId)).filter((item) => item.at > since);
      await this.deps.store.putSettings(userId, { ...settings, lastDigestDay: today, digestSince: now.toISOString() });
      const to = this.deps.users.email(userId);
      if (items.length > 0 && to && mail && this.deps.users.isActive(userId)) {
        mail.mailer.send({ to, ...digestMail(items, mail.publicUrl, local.toPlainDate()) });
      }
    }
  }
}

function toApi(stored: StoredNotification): Notification {
  const { userId: _userId, ...notification } = stored;
  return notification;
}

function amsterdam(instant: Date): Temporal.ZonedDateTime {
  return Temporal.Instant.fromEpochMilliseconds(instant.getTime()).toZonedDateTimeISO(ZONE);
}

/** "4 december 2026 17:00", in Amsterdam time. */
export function dutchMoment(iso: string): string {
  return new Intl.DateTimeFormat('nl-NL', { dateStyle: 'long', timeStyle: 'short', timeZone: ZONE }).format(
    new Date(iso),
  );
}
