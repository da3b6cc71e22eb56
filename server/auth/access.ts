import { REGIONAL_ROLES, type Role, TEAM_ROLES, type User } from '../contract/api';

/**
 * Need-to-know access (Jeugdwet 7.3.11), in one place:
 * - team roles see the cases of their own teams;
 * - regional roles see the cases that reached their process (a task for their group);
 * - a task is worked on by someone who holds one of its candidate groups, in the case's team or
 *   regionally; a teamleider may also see, release and reassign the tasks of their teams.
 */

export interface CaseScope {
  team: string;
  regionalGroups: readonly string[];
}

export interface TaskScope {
  team: string;
  candidateGroups: readonly string[];
  assignee?: string;
}

const regional = new Set<string>(REGIONAL_ROLES);
const teamRoles = new Set<string>(TEAM_ROLES);

export function isRegionalRole(role: string): boolean {
  return regional.has(role);
}

export function hasRole(user: User, role: Role): boolean {
  return user.roles.includes(role);
}

export function canSeeCase(user: User, scope: CaseScope): boolean {
  if (user.teams.includes(scope.team) && user.roles.some((role) => teamRoles.has(role))) return true;
  return user.roles.some((role) => regional.has(role) && scope.regionalGroups.includes(role));
}

/** Holds a candidate group of the task where it counts: in the case's team, or regionally. */
export function canWorkOnTask(user: User, task: TaskScope): boolean {
  return task.candidateGroups.some(
    (group) => user.roles.includes(group as Role) && (regional.has(group) || user.teams.includes(task.team)),
  );
}

export function isTeamleaderOf(user: User, team: string): boolean {
  return hasRole(user, 'teamleider') && user.teams.includes(team);
}

export function canSeeTask(user: User, task: TaskScope): boolean {
  return canWorkOnTask(user, task) || isTeamleaderOf(user, task.team) || task.assignee === user.id;
}

/** Who may start a case for a team: its team members, and the regional crisis service for any team. */
export function canStartCase(user: User, team: string): boolean {
  if (user.teams.includes(team) && user.roles.some((role) => teamRoles.has(role))) return true;
  return hasRole(user, 'crisisdienst');
}
