import type { DefinitionVersion, ElementInstances, ElementStatistics } from '../../../server/contract/api';
import { ApiError, api } from '../../api/http';
import { PROCESS_NAMES } from '../../app/session';
import type { ElementCount } from '../../diagram/overview/ElementCountBadges';
import { type DiagramElements, parseElements } from '../case/diagram-elements';

/**
 * The process overview's reads. A diagram version never changes, so its XML is fetched once per
 * page load and shared by the list of processes (which needs the element types) and the diagram.
 */

export interface VersionRef {
  key: string;
  version: number;
}

export function versionId(ref: VersionRef): string {
  return `${ref.key}@${ref.version}`;
}

export function processName(definition: { key: string; name?: string }): string {
  return PROCESS_NAMES[definition.key] ?? definition.name ?? definition.key;
}

export function fetchDefinitions(all: boolean): Promise<DefinitionVersion[]> {
  return api.get<DefinitionVersion[]>(all ? '/api/definitions?all=true' : '/api/definitions');
}

function versionPath(ref: VersionRef): string {
  return `/api/definitions/${encodeURIComponent(ref.key)}/versions/${ref.version}`;
}

export function fetchStatistics(ref: VersionRef): Promise<ElementStatistics[]> {
  return api.get<ElementStatistics[]>(`${versionPath(ref)}/statistics`);
}

export function fetchWaitingCases(ref: VersionRef, elementId: string, limit: number): Promise<ElementInstances> {
  return api.get<ElementInstances>(
    `${versionPath(ref)}/elements/${encodeURIComponent(elementId)}/instances?limit=${limit}`,
  );
}

const xmlCache = new Map<string, Promise<string>>();
const elementCache = new Map<string, Promise<DiagramElements>>();

export function definitionXml(ref: VersionRef): Promise<string> {
  const id = versionId(ref);
  let pending = xmlCache.get(id);
  if (!pending) {
    pending = fetchXml(ref);
    xmlCache.set(id, pending);
    // A failed fetch must not stick: the next visit may try again.
    pending.catch(() => xmlCache.delete(id));
  }
  return pending;
}

export function definitionElements(ref: VersionRef): Promise<DiagramElements> {
  const id = versionId(ref);
  let pending = elementCache.get(id);
  if (!pending) {
    pending = definitionXml(ref).then(parseElements);
    elementCache.set(id, pending);
    pending.catch(() => elementCache.delete(id));
  }
  return pending;
}

async function fetchXml(ref: VersionRef): Promise<string> {
  let response: Response;
  try {
    response = await fetch(`${versionPath(ref)}/xml`, {
      credentials: 'same-origin',
      headers: { accept: 'application/xml' },
    });
  } catch {
    throw new ApiError(0, {
      type: 'about:blank',
      title: 'Geen verbinding',
      status: 0,
      detail: 'De server is niet bereikbaar. Probeer het zo opnieuw.',
    });
  }
  if (!response.ok) {
    throw new ApiError(response.status, {
      type: 'about:blank',
      title: 'Diagram niet geladen',
      status: response.status,
      detail: 'Het diagram kon niet worden geladen.',
    });
  }
  return response.text();
}

/**
 * The elements where cases wait, in the diagram's order, with their names. A boundary event is
 * left out: the engine reports it active while its activity runs, so it would count the same cases
 * a second time (and a timer that is merely armed is not a place where a case waits).
 */
export function waitingCounts(statistics: readonly ElementStatistics[], elements: DiagramElements): ElementCount[] {
  const order = new Map([...elements.keys()].map((id, index) => [id, index]));
  return statistics
    .filter((entry) => entry.active > 0 && elements.get(entry.elementId)?.type !== 'boundaryEvent')
    .map((entry) => ({
      elementId: entry.elementId,
      name: elementName(elements, entry.elementId),
      active: entry.active,
      overdue: entry.overdue,
      ...(entry.averageWaitMs !== undefined ? { averageWaitMs: entry.averageWaitMs } : {}),
      ...(entry.longestWaitMs !== undefined ? { longestWaitMs: entry.longestWaitMs } : {}),
    }))
    .sort(
      (a, b) =>
        (order.get(a.elementId) ?? Infinity) - (order.get(b.elementId) ?? Infinity) ||
        a.elementId.localeCompare(b.elementId),
    );
}

export function totalsOf(counts: readonly ElementCount[]): { active: number; overdue: number } {
  return counts.reduce((sum, count) => ({ active: sum.active + count.active, overdue: sum.overdue + count.overdue }), {
    active: 0,
    overdue: 0,
  });
}

/** The element's name as modelled (line breaks folded), or its id when it has none. */
export function elementName(elements: DiagramElements, elementId: string): string {
  return elements.get(elementId)?.name?.replace(/\s+/g, ' ').trim() || elementId;
}
