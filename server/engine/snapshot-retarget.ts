import type { CompiledProcess, EngineSnapshot } from './engine-types';

/**
 * Re-targets a stored snapshot at another version of the same process, for migrating a running
 * instance. bpmn-engine has no migration of its own; its maintainer's advice (bpmn-engine#32,
 * #181) is to recover a saved state onto the new source, which works where the element ids and
 * their states are still present in the new version. So:
 * - every element id named in `mapping` is renamed wherever the state refers to an element
 *   (activity states, the queued messages of waiting activities, a boundary event's attachedTo,
 *   flows' source and target); variables and outputs are user data and are left alone;
 * - the definitions id is set to the new version's, because recover() finds the (stripped)
 *   diagram source by that id.
 * On recovery, bpmn-elements restores each activity by id and skips states whose element the
 * new version no longer has; an activity the new version adds starts without state. Due times
 * survive: an armed timer's message keeps its expireAt and the timer value it was armed with, and
 * on resume the earlier of that expireAt and one recomputed from that same value wins; a timer
 * the new version defines differently applies from the next time it is armed. The caller checks
 * the instance's active elements before and after, because a state that does not fit the new
 * version is skipped silently, not refused (tests/engine/retarget.test.ts pins this).
 */
export function retargetSnapshot(
  snapshot: EngineSnapshot,
  target: CompiledProcess,
  mapping: ReadonlyMap<string, string>,
): EngineSnapshot {
  const state = structuredClone(snapshot);
  const definitions = state.definitions;
  if (!Array.isArray(definitions) || definitions.length !== 1)
    throw new Error('an instance snapshot holds exactly one definition');
  const definition = definitions[0] as Record<string, unknown>;
  const renames = new Map(mapping);
  const fromId = definition.id;
  const toId = (target.sourceContext as { id?: unknown }).id;
  if (typeof fromId === 'string' && typeof toId === 'string' && fromId !== toId) renames.set(fromId, toId);
  if (renames.size > 0) renameElementIds(state, renames);
  return state;
}

/** The properties through which bpmn-elements' state refers to elements by id. */
const ELEMENT_REFERENCES = new Set(['id', 'attachedTo', 'sourceId', 'targetId']);
/** Subtrees that hold user data (variables, outputs, signal payloads), never element references. */
const USER_DATA = new Set(['environment', 'variables', 'output', 'message']);

/** Renames element ids in place, throughout an engine state (an iterative walk: states can be deep). */
function renameElementIds(state: unknown, renames: ReadonlyMap<string, string>): void {
  const pending: unknown[] = [state];
  for (let node = pending.pop(); node !== undefined; node = pending.pop()) {
    if (Array.isArray(node)) {
      pending.push(...(node as unknown[]));
      continue;
    }
    if (node === null || typeof node !== 'object') continue;
    const record = node as Record<string, unknown>;
    for (const [key, value] of Object.entries(record)) {
      if (typeof value === 'string') {
        const renamed = ELEMENT_REFERENCES.has(key) ? renames.get(value) : undefined;
        if (renamed !== undefined) record[key] = renamed;
      } else if (value !== null && typeof value === 'object' && !USER_DATA.has(key)) {
        pending.push(value);
      }
    }
  }
}
