/**
 * The names of a diagram's elements ("24 uur verstreken", "MDO"), read from the diagram version an
 * instance runs on. History entries and active elements only carry element ids; the names make
 * the timeline read as Dutch sentences. A diagram version never changes, so each is fetched once
 * per page load, whatever the number of instances or refreshes.
 */

export interface DiagramElement {
  name?: string;
  /** The BPMN element type, e.g. "userTask", "boundaryEvent", "callActivity". */
  type: string;
  /** For a boundary event: the activity it is attached to. */
  attachedTo?: string;
}

export type DiagramElements = ReadonlyMap<string, DiagramElement>;

const cache = new Map<string, Promise<DiagramElements>>();

export function diagramElements(instance: {
  id: string;
  definitionKey: string;
  version: number;
}): Promise<DiagramElements> {
  const key = `${instance.definitionKey}@${instance.version}`;
  let pending = cache.get(key);
  if (!pending) {
    pending = fetchElements(instance.id);
    cache.set(key, pending);
    // A failed fetch must not stick: the next refresh may try again.
    pending.catch(() => cache.delete(key));
  }
  return pending;
}

async function fetchElements(instanceId: string): Promise<DiagramElements> {
  const response = await fetch(`/api/instances/${encodeURIComponent(instanceId)}/xml`, {
    credentials: 'same-origin',
    headers: { accept: 'application/xml' },
  });
  if (!response.ok) throw new Error(`diagram of ${instanceId}: ${response.status}`);
  return parseElements(await response.text());
}

export function parseElements(xml: string): DiagramElements {
  const document = new DOMParser().parseFromString(xml, 'application/xml');
  const elements = new Map<string, DiagramElement>();
  for (const node of Array.from(document.getElementsByTagName('*'))) {
    const id = node.getAttribute('id');
    // Diagram interchange shapes (bpmndi) repeat ids of the elements they draw; skip them.
    if (!id || node.namespaceURI?.includes('DI') || elements.has(id)) continue;
    const name = node.getAttribute('name')?.trim();
    const attachedTo = node.getAttribute('attachedToRef');
    elements.set(id, { type: node.localName, ...(name ? { name } : {}), ...(attachedTo ? { attachedTo } : {}) });
  }
  return elements;
}
