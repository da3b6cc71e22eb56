import { type CaseDocument, newCaseDocument } from '../../server/store/store';

/** A case with nothing in it yet, as the store tests commit one; `changes` add what a test needs. */
export function emptyCase(caseId: string, changes: Partial<CaseDocument> = {}): CaseDocument {
  return { ...newCaseDocument(caseId, 'slt-breda-noord', '2026-12-01T09:00:00.000Z'), ...changes };
}

/**
 * Once the event loop is free: lowdb writes a case file that fits, with its index line and
 * history lines, behind the commit (see LowdbCaseStore.commit).
 */
export const writtenBehind = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
