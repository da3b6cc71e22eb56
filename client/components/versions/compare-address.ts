import { paths } from '../../app/router';

/**
 * The comparison's address, `?vergelijk=1-2`: bookmarkable, and always older-first, so the same
 * pair of versions has one address whichever way round the user picked them.
 */
export function compareHref(key: string, a: number, b: number): string {
  return `${paths.process(key)}?vergelijk=${Math.min(a, b)}-${Math.max(a, b)}`;
}

export function parseCompare(value: string | null): { from: number; to: number } | undefined {
  const match = value ? /^(\d+)-(\d+)$/.exec(value) : null;
  if (!match) return undefined;
  const a = Number(match[1]);
  const b = Number(match[2]);
  return a === b ? undefined : { from: Math.min(a, b), to: Math.max(a, b) };
}
