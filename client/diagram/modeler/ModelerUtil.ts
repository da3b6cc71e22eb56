import type ElementRegistry from 'diagram-js/lib/core/ElementRegistry';
import type { ElementLike } from 'diagram-js/lib/model/Types';

/** Dutch names of the element types a process owner meets, for lists beside the diagram. */
const TYPE_LABELS: Readonly<Record<string, string>> = {
  'bpmn:Process': 'proces',
  'bpmn:Collaboration': 'samenwerking',
  'bpmn:Participant': 'pool',
  'bpmn:StartEvent': 'startgebeurtenis',
  'bpmn:EndEvent': 'eindgebeurtenis',
  'bpmn:IntermediateCatchEvent': 'tussengebeurtenis',
  'bpmn:IntermediateThrowEvent': 'tussengebeurtenis',
  'bpmn:BoundaryEvent': 'randgebeurtenis',
  'bpmn:UserTask': 'gebruikerstaak',
  'bpmn:Task': 'taak',
  'bpmn:ServiceTask': 'servicetaak',
  'bpmn:ScriptTask': 'scripttaak',
  'bpmn:SendTask': 'verzendtaak',
  'bpmn:ReceiveTask': 'ontvangsttaak',
  'bpmn:ManualTask': 'handmatige taak',
  'bpmn:BusinessRuleTask': 'business-rule-taak',
  'bpmn:CallActivity': 'aanroep van een ander proces',
  'bpmn:SubProcess': 'subproces',
  'bpmn:ExclusiveGateway': 'exclusieve gateway',
  'bpmn:ParallelGateway': 'parallelle gateway',
  'bpmn:InclusiveGateway': 'inclusieve gateway',
  'bpmn:EventBasedGateway': 'gebeurtenisgestuurde gateway',
  'bpmn:ComplexGateway': 'complexe gateway',
  'bpmn:SequenceFlow': 'stroom',
  'bpmn:TextAnnotation': 'notitie',
};

export interface ElementDescription {
  elementId: string;
  /** The name as modelled (line breaks folded), or the id when the element has none. */
  name: string;
  /** Dutch, lower case: "gebruikerstaak", "stroom"; empty when the element is not on the diagram. */
  typeLabel: string;
  /** Whether the element is on the canvas, so it can be selected and marked. */
  onCanvas: boolean;
}

interface BusinessObject {
  $type?: string;
  name?: string;
}

export function describeElement(elementRegistry: ElementRegistry, elementId: string): ElementDescription {
  const element = elementRegistry.get(elementId);
  if (!element) return { elementId, name: elementId, typeLabel: '', onCanvas: false };
  const businessObject = businessObjectOf(element);
  const type = businessObject?.$type ?? element.type;
  const name = businessObject?.name?.replace(/\s+/g, ' ').trim();
  return { elementId, name: name || elementId, typeLabel: TYPE_LABELS[type] ?? localType(type), onCanvas: true };
}

export function businessObjectOf(element: ElementLike): BusinessObject | undefined {
  return (element as { businessObject?: BusinessObject }).businessObject;
}

/** `bpmn:DataStoreReference` → "data store reference": better than nothing for rare types. */
function localType(type: string): string {
  const local = type.split(':').pop() ?? type;
  return local.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}
