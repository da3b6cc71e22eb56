import type ElementRegistry from 'diagram-js/lib/core/ElementRegistry';
import type { DiagramExpression } from './routing-hints';

/** The parts of bpmn-moddle's business objects that hold expressions; nothing else is read. */
interface ModdleElement {
  $type: string;
  id?: string;
  name?: string;
  conditionExpression?: { body?: string };
  extensionElements?: { values?: ModdleElement[] };
  outputParameters?: { value?: unknown; definition?: { $type: string } }[];
}

/**
 * The expressions in the modeler's diagram that read variables: every sequence flow's condition
 * and every output parameter (the form editor's routing hints). Read from the elements as edited,
 * so a condition typed a moment ago counts.
 */
export function diagramExpressions(elementRegistry: ElementRegistry): DiagramExpression[] {
  const expressions: DiagramExpression[] = [];
  for (const element of elementRegistry.getAll()) {
    const businessObject = (element as { businessObject?: ModdleElement }).businessObject;
    if (!businessObject?.id) continue;
    const where = {
      elementId: businessObject.id,
      ...(businessObject.name?.trim() ? { elementName: businessObject.name.replace(/\s+/g, ' ').trim() } : {}),
    };
    const condition = businessObject.conditionExpression?.body;
    if (typeof condition === 'string' && condition.trim()) expressions.push({ ...where, expression: condition });
    for (const extension of businessObject.extensionElements?.values ?? []) {
      if (extension.$type !== 'camunda:InputOutput') continue;
      for (const parameter of extension.outputParameters ?? [])
        if (typeof parameter.value === 'string' && parameter.value.trim())
          expressions.push({ ...where, expression: parameter.value });
    }
  }
  return expressions;
}
