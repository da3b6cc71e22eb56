import { createHash } from 'node:crypto';
import type { DecisionRecord } from '../contract/api';

/** Seals a decision record with the sha256 of everything it says, so later tampering shows. */
export function sealDecision(record: Omit<DecisionRecord, 'sha256'>): DecisionRecord {
  return { ...record, sha256: createHash('sha256').update(JSON.stringify(record)).digest('hex') };
}
