import type { CaseIndexEntry } from '../store/store';

/**
 * Open cases by team and youth, so that a new registration can be warned about a case the team
 * already has for the same youth without scanning every case. The youth is what the case's root
 * instance was started with (`jeugdige { initialen, geboortedatum }`, the Aanmelding).
 */
export class OpenCasesByYouth {
  private readonly byKey = new Map<string, Set<string>>();
  private readonly keyOfCase = new Map<string, string>();

  /**
   * After every committed action and at start-up: a case is in the index while it is open.
   * `caseId` is the string the other indexes hold for the case's id, so it is held once.
   */
  update(document: CaseIndexEntry, caseId = document.caseId): void {
    const key = isOpen(document) ? youthKeyOf(document) : undefined;
    if (this.keyOfCase.get(caseId) === key) return;
    this.remove(caseId);
    if (key === undefined) return;
    this.keyOfCase.set(caseId, key);
    let cases = this.byKey.get(key);
    if (!cases) {
      cases = new Set();
      this.byKey.set(key, cases);
    }
    cases.add(caseId);
  }

  /** Takes a case out of the open set (e.g. when it is closed). */
  remove(caseId: string): void {
    const key = this.keyOfCase.get(caseId);
    if (key === undefined) return;
    this.keyOfCase.delete(caseId);
    const cases = this.byKey.get(key);
    cases?.delete(caseId);
    if (cases?.size === 0) this.byKey.delete(key);
  }

  /** Open cases of the team with this youth, oldest id order not promised. */
  find(team: string, initialen: string, geboortedatum: string): string[] {
    return [...(this.byKey.get(youthKey(team, initialen, geboortedatum)) ?? [])];
  }
}

/**
 * Initials are compared without dots, spaces and case ("L.B." is "lb"); siblings can share them,
 * which is why a match is only ever a warning.
 */
export function youthKey(team: string, initialen: string, geboortedatum: string): string {
  return `${team}\u0000${initialen.replaceAll(/[.\s]/g, '').toLocaleLowerCase('nl')}\u0000${geboortedatum}`;
}

/** The youth a submission or an instance's variables name, when both parts are there. */
export function youthOf(variables: Record<string, unknown>): { initialen: string; geboortedatum: string } | undefined {
  const jeugdige = variables.jeugdige;
  if (!jeugdige || typeof jeugdige !== 'object' || Array.isArray(jeugdige)) return undefined;
  const { initialen, geboortedatum } = jeugdige as Record<string, unknown>;
  if (typeof initialen !== 'string' || typeof geboortedatum !== 'string' || !initialen.trim()) return undefined;
  return { initialen, geboortedatum };
}

/** Open while any of its instances runs; closing a case cancels them all. */
function isOpen(document: CaseIndexEntry): boolean {
  return Object.values(document.instances).some((instance) => instance.state === 'active');
}

function youthKeyOf(document: CaseIndexEntry): string | undefined {
  const root = Object.values(document.instances).find((instance) => !instance.parentId);
  const youth = root && youthOf(root.variables);
  return youth && youthKey(document.team, youth.initialen, youth.geboortedatum);
}
