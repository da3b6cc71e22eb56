import type { RegionalRole, Task, TaskScope, User } from '../../../server/contract/api';

/**
 * What the worklist shows, read from and written to the URL query, so that every view (list,
 * filters, sort order) has an address a user can bookmark or send to a colleague:
 * `/?lijst=groep&proces=mdo&team=slt-breda-noord&sorteer=termijn&richting=af`.
 * The parameter names and values are Dutch because users see them in the address bar.
 */

export type ListName = 'mijn' | 'groep' | 'team' | 'te-laat';
export type SortKey = 'termijn' | 'prioriteit';
export type SortDirection = 'op' | 'af';

export interface WorklistView {
  list: ListName;
  process: string;
  team: string;
  sort: SortKey;
  direction: SortDirection;
}

interface ListDefinition {
  name: ListName;
  label: string;
  /** What GET /api/tasks is asked for this list. */
  scope: TaskScope;
  overdue: boolean;
  /** Shown to a user who has nothing in this list. */
  empty: string;
}

export const LISTS: readonly ListDefinition[] = [
  {
    name: 'mijn',
    label: 'Mijn taken',
    scope: 'mine',
    overdue: false,
    empty: 'U hebt op dit moment geen taken opgepakt.',
  },
  {
    name: 'groep',
    label: 'Taken van mijn groepen',
    scope: 'group',
    overdue: false,
    empty: 'Er staan geen taken open voor uw groepen.',
  },
  // A teamleider may reassign any task of the team, so they need to see all of them.
  {
    name: 'team',
    label: 'Alle taken van mijn team',
    scope: 'all',
    overdue: false,
    empty: 'Er staan geen taken open in uw team.',
  },
  {
    name: 'te-laat',
    label: 'Over termijn',
    scope: 'all',
    overdue: true,
    empty: 'Geen taken over termijn. Alles loopt binnen de termijn.',
  },
];

export function listsFor(user: User): ListDefinition[] {
  return LISTS.filter((list) => list.name !== 'team' || user.roles.includes('teamleider'));
}

export function listDefinition(name: ListName): ListDefinition {
  return LISTS.find((list) => list.name === name) ?? LISTS[0]!;
}

/** Default direction per sort key: earliest due date first, highest priority first. */
const DEFAULT_DIRECTION: Record<SortKey, SortDirection> = { termijn: 'op', prioriteit: 'af' };

export function readView(query: URLSearchParams, user: User): WorklistView {
  const requested = query.get('lijst');
  const list = listsFor(user).find((candidate) => candidate.name === requested)?.name ?? 'mijn';
  const sort: SortKey = query.get('sorteer') === 'prioriteit' ? 'prioriteit' : 'termijn';
  const direction = query.get('richting');
  return {
    list,
    process: query.get('proces') ?? '',
    team: query.get('team') ?? '',
    sort,
    direction: direction === 'op' || direction === 'af' ? direction : DEFAULT_DIRECTION[sort],
  };
}

/** The query string of a view; defaults are left out so addresses stay short. */
export function writeView(view: WorklistView): string {
  const query = new URLSearchParams();
  if (view.list !== 'mijn') query.set('lijst', view.list);
  if (view.process) query.set('proces', view.process);
  if (view.team) query.set('team', view.team);
  if (view.sort !== 'termijn') query.set('sorteer', view.sort);
  if (view.direction !== DEFAULT_DIRECTION[view.sort]) query.set('richting', view.direction);
  return query.toString();
}

/** Clicking the sorted column turns its direction round; another column starts at its default. */
export function toggledSort(view: WorklistView, key: SortKey): WorklistView {
  if (view.sort === key) return { ...view, direction: view.direction === 'op' ? 'af' : 'op' };
  return { ...view, sort: key, direction: DEFAULT_DIRECTION[key] };
}

// The contract's role lists are runtime values on the server side and the client imports the
// contract as types only; the type annotation still makes the compiler check every name here.
const REGIONAL_ROLES: readonly RegionalRole[] = [
  'plaatsingscoordinator',
  'crisisdienst',
  'regionaal-expertteam',
  'bestuurder',
];

function isRegional(group: string): boolean {
  return (REGIONAL_ROLES as readonly string[]).includes(group);
}

/** The server's rule (server/auth/access.ts): a candidate group of the task, in its team or regionally. */
export function canWorkOn(user: User, task: Task): boolean {
  return task.candidateGroups.some(
    (group) => (user.roles as string[]).includes(group) && (isRegional(group) || user.teams.includes(task.team)),
  );
}

export function isTeamleaderOf(user: User, team: string): boolean {
  return user.roles.includes('teamleider') && user.teams.includes(team);
}

export function canSee(user: User, task: Task): boolean {
  return canWorkOn(user, task) || isTeamleaderOf(user, task.team) || task.assignee === user.id;
}

/**
 * Whether a task pushed live belongs in a list, mirroring what GET /api/tasks answers for its
 * scope, so that live changes and a reload show the same rows.
 */
export function belongsIn(list: ListName, user: User, task: Task, now = Date.now()): boolean {
  if (task.state !== 'open') return false;
  switch (list) {
    case 'mijn':
      return task.assignee === user.id;
    case 'groep':
      return canWorkOn(user, task);
    case 'team':
      return canSee(user, task);
    case 'te-laat':
      return canSee(user, task) && task.dueAt !== undefined && Date.parse(task.dueAt) < now;
  }
}

export function applyFilters(tasks: readonly Task[], view: WorklistView): Task[] {
  return tasks.filter(
    (task) => (!view.process || task.definitionKey === view.process) && (!view.team || task.team === view.team),
  );
}

export function sortTasks(tasks: readonly Task[], view: WorklistView): Task[] {
  const sign = view.direction === 'op' ? 1 : -1;
  const byDue = (a: Task, b: Task) => compareDue(a, b, sign);
  const byPriority = (a: Task, b: Task) => sign * (a.priority - b.priority) || compareDue(a, b, 1);
  const stable = (a: Task, b: Task) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id);
  return [...tasks].sort((a, b) => (view.sort === 'termijn' ? byDue(a, b) : byPriority(a, b)) || stable(a, b));
}

/**
 * A task without a due date comes last in either direction: it never presses, so it should not
 * top the list when someone asks for the latest deadlines first.
 */
function compareDue(a: Task, b: Task, sign: number): number {
  if (!a.dueAt || !b.dueAt) return (a.dueAt ? 0 : 1) - (b.dueAt ? 0 : 1);
  return sign * (Date.parse(a.dueAt) - Date.parse(b.dueAt));
}

/** From this priority up a task is "spoed": the diagrams give it to crisis steps. */
export const URGENT_PRIORITY = 90;

/** Priority in words (bpmn priority: higher is more urgent; the diagrams' default is 50). */
export function priorityText(priority: number): string {
  if (priority >= URGENT_PRIORITY) return 'spoed';
  if (priority > 50) return 'hoog';
  if (priority < 50) return 'laag';
  return 'normaal';
}
