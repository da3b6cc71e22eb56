import type { CaseDocument } from '../../server/store/store';

/** A case with nothing in it yet, as the store tests commit one; `changes` add what a test needs. */
export function emptyCase(caseId: string, changes: Partial<CaseDocument> = {}): CaseDocument {
  return {
    caseId,
    team: 'slt-breda-noord',
    createdAt: '2026-12-01T09:00:00.000Z',
    regionalGroups: [],
    instances: {},
    tasks: {},
    timers: {},
    historySeq: 0,
    pendingHistory: [],
    ...changes,
  };
}

/**
 * Once the event loop is free: lowdb writes a case file that fits, with its index line and
 * history lines, behind the commit (see LowdbCaseStore.commit).
 */
export const writtenBehind = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
