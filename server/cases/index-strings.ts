/**
 * Shared copies of the few values that repeat across every case in the in-memory indexes: teams,
 * process keys, element ids, task names, candidate groups. Parsed from a case's JSON each is a
 * string of its own; at 100,000 cases those copies are most of what the indexes hold, so the
 * indexes keep one copy of each value (and of each list of them) instead. The pools only grow
 * with the distinct values the diagrams and teams have, not with the number of cases.
 */
const strings = new Map<string, string>();
const lists = new Map<string, readonly string[]>();

/** Above this many distinct values a field is not low-cardinality after all: stop pooling it. */
const LIMIT = 100_000;

export function intern(value: string): string {
  const known = strings.get(value);
  if (known !== undefined) return known;
  if (strings.size < LIMIT) strings.set(value, value);
  return value;
}

/** Lists longer than this (a long case history's passed elements) are rarely alike: copied, not pooled. */
const LONGEST_POOLED = 16;
const LIST_LIMIT = 10_000;

/**
 * One shared array per distinct short list of pooled values, never the caller's own array (which
 * a case document may change in place later); callers never change what they get.
 */
export function internList(values: readonly string[]): string[] {
  if (values.length === 0) return EMPTY as string[];
  if (values.length > LONGEST_POOLED) return values.map(intern);
  const key = values.length === 1 ? values[0]! : values.join('\u0000');
  const known = lists.get(key);
  if (known !== undefined) return known as string[];
  const list = values.map(intern);
  if (lists.size < LIST_LIMIT) lists.set(key, list);
  return list;
}

const EMPTY: readonly string[] = [];
