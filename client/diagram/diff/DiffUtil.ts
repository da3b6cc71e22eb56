import { diff } from 'bpmn-js-differ';
import BpmnModdle, { type ModdleElement } from 'bpmn-moddle';
import camunda from 'camunda-bpmn-moddle/resources/camunda.json';

/**
 * Compares two diagram versions semantically with bpmn-js-differ and turns its result into a
 * plain list the screen and the diff markers share: what was added, removed or changed, and for a
 * change which attributes, with the old and the new value as text.
 */

export type ChangeKind = 'added' | 'removed' | 'changed';

export interface AttributeChange {
  /** As written in the XML: `name`, `camunda:dueDate`. */
  attribute: string;
  oldValue: string;
  newValue: string;
}

export interface ElementChange {
  kind: ChangeKind;
  elementId: string;
  /** Local BPMN type, e.g. `userTask`, `sequenceFlow`. */
  type: string;
  name?: string;
  /** Only for `changed`. */
  attributes: AttributeChange[];
}

export interface VersionDiff {
  changes: ElementChange[];
  /** Elements only moved or redrawn: not worth a marker, but worth saying. */
  layoutOnly: string[];
}

export async function compareVersions(oldXml: string, newXml: string): Promise<VersionDiff> {
  const moddle = new BpmnModdle({ camunda });
  const [before, after] = await Promise.all([moddle.fromXML(oldXml), moddle.fromXML(newXml)]);
  const result = diff(before.rootElement, after.rootElement);

  const changes: ElementChange[] = [];
  for (const [id, element] of Object.entries(result._added)) changes.push(describe('added', id, element, []));
  for (const [id, element] of Object.entries(result._removed)) changes.push(describe('removed', id, element, []));
  for (const [id, changed] of Object.entries(result._changed)) {
    const attributes = Object.entries(changed.attrs)
      // bpmn-js-differ 3.x hands the jsondiffpatch delta [old, new] to a handler declared as
      // (newValue, oldValue), so its `oldValue` holds the new value; swap them back here, once.
      .map(([property, values]) => ({
        attribute: qualifiedName(changed.model, property),
        oldValue: valueText(values.newValue),
        newValue: valueText(values.oldValue),
      }))
      .filter((attribute) => attribute.oldValue !== attribute.newValue);
    changes.push(describe('changed', id, changed.model, attributes));
  }
  const marked = new Set(changes.map((change) => change.elementId));
  const layoutOnly = Object.keys(result._layoutChanged).filter((id) => !marked.has(id));
  return { changes: changes.sort(byKindThenName), layoutOnly };
}

function describe(
  kind: ChangeKind,
  elementId: string,
  element: ModdleElement,
  attributes: AttributeChange[],
): ElementChange {
  const name = typeof element.name === 'string' ? element.name.replace(/\s+/g, ' ').trim() : '';
  return { kind, elementId, type: localType(element.$type), ...(name ? { name } : {}), attributes };
}

function localType(type: string): string {
  const local = type.split(':').pop() ?? type;
  return local.charAt(0).toLowerCase() + local.slice(1);
}

interface PropertyDescriptor {
  ns?: { name?: string; prefix?: string; localName?: string };
}

/** `dueDate` → `camunda:dueDate`: a process owner recognises the attribute as the modeler writes it. */
function qualifiedName(model: ModdleElement, property: string): string {
  const descriptor = (model as { $descriptor?: { propertiesByName?: Record<string, PropertyDescriptor> } }).$descriptor;
  const ns = descriptor?.propertiesByName?.[property]?.ns;
  if (!ns?.localName) return property;
  return ns.prefix && ns.prefix !== 'bpmn' ? `${ns.prefix}:${ns.localName}` : ns.localName;
}

/** A readable value: text as is, a referenced element by its id, nothing as "(leeg)". */
function valueText(value: unknown): string {
  if (value === undefined || value === null || value === '') return '(leeg)';
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'object') {
    const element = value as { id?: unknown; $type?: unknown; body?: unknown };
    if (typeof element.body === 'string') return element.body;
    if (typeof element.id === 'string') return element.id;
    if (typeof element.$type === 'string') return element.$type;
  }
  return '(samengesteld)';
}

const KIND_ORDER: Record<ChangeKind, number> = { added: 0, removed: 1, changed: 2 };

function byKindThenName(a: ElementChange, b: ElementChange): number {
  return KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || (a.name ?? a.elementId).localeCompare(b.name ?? b.elementId, 'nl');
}
