import { createHash } from 'node:crypto';
import type { AccessLogRecord } from '../store/store';

/**
 * The access log's hash chain, independent of where the log is stored. Each stored line is an
 * entry with `seq` (1, 2, 3, …, its line number), `prev` (the hash of the line before) and `hash`
 * = SHA-256 over `prev` followed by the entry's canonical JSON (every field but `prev` and `hash`,
 * keys sorted). A changed field breaks the line's hash; a removed, inserted or reordered line
 * breaks the sequence and the `prev` link of its successor.
 */

/** The `prev` of the first line of a log that continues nothing. */
export const GENESIS = '0'.repeat(64);

/** Clocks drift and get corrected; a line further back than this behind its predecessor is suspicious. */
export const CLOCK_SKEW_MS = 5 * 60_000;

export interface ChainedLine extends AccessLogRecord {
  prev: string;
  hash: string;
}

export function canonicalJson(fields: Record<string, unknown>): string {
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(fields).sort()) {
    if (key === 'prev' || key === 'hash' || fields[key] === undefined) continue;
    sorted[key] = fields[key];
  }
  return JSON.stringify(sorted);
}

export function chainHash(prev: string, fields: Record<string, unknown>): string {
  return createHash('sha256')
    .update(prev + canonicalJson(fields))
    .digest('hex');
}

/** The line to append for a record that follows `prev`: the record's fields, then its links. */
export function chainedLine(record: AccessLogRecord, prev: string): { line: string; hash: string } {
  const canonical = canonicalJson({ ...record });
  const hash = createHash('sha256')
    .update(prev + canonical)
    .digest('hex');
  // The canonical object with the two links added at its end; prev and hash are hex, nothing to escape.
  return { line: `${canonical.slice(0, -1)},"prev":"${prev}","hash":"${hash}"}\n`, hash };
}

/** A parsed line that has the chain's fields; anything else (a legacy or broken line) is undefined. */
export function asChainedLine(value: unknown): ChainedLine | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const line = value as Partial<Record<keyof ChainedLine, unknown>>;
  if (
    typeof line.seq !== 'number' ||
    typeof line.prev !== 'string' ||
    typeof line.hash !== 'string' ||
    typeof line.at !== 'string' ||
    typeof line.userId !== 'string' ||
    (line.action !== 'read' && line.action !== 'refused') ||
    typeof line.resource !== 'string'
  ) {
    return undefined;
  }
  return value as ChainedLine;
}

export function parseLine(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
