import type { ChangeKind } from '../../diagram/diff/DiffUtil';

/** Dutch words for the comparison list; the XML names stay beside them for the process owner. */

export const KIND_HEADINGS: Record<ChangeKind, string> = {
  added: 'Nieuw',
  removed: 'Verwijderd',
  changed: 'Gewijzigd',
};

const TYPE_NAMES: Record<string, string> = {
  userTask: 'taak',
  serviceTask: 'servicetaak',
  task: 'taak',
  callActivity: 'aanroep van een proces',
  subProcess: 'deelproces',
  sequenceFlow: 'verbinding',
  exclusiveGateway: 'keuze',
  parallelGateway: 'splitsing',
  inclusiveGateway: 'keuze (meerdere)',
  eventBasedGateway: 'wachten op gebeurtenis',
  startEvent: 'start',
  endEvent: 'einde',
  boundaryEvent: 'randgebeurtenis',
  intermediateCatchEvent: 'tussengebeurtenis',
  intermediateThrowEvent: 'tussengebeurtenis',
  process: 'proces',
  textAnnotation: 'notitie',
};

export function typeName(type: string): string {
  return TYPE_NAMES[type] ?? type;
}

const ATTRIBUTE_NAMES: Record<string, string> = {
  name: 'naam',
  'camunda:dueDate': 'termijn',
  'camunda:candidateGroups': 'groepen',
  'camunda:candidateUsers': 'medewerkers',
  'camunda:assignee': 'behandelaar',
  'camunda:formKey': 'formulier',
  'camunda:priority': 'prioriteit',
  conditionExpression: 'voorwaarde',
  sourceRef: 'van',
  targetRef: 'naar',
  attachedToRef: 'vast aan',
  cancelActivity: 'onderbreekt de taak',
  calledElement: 'aangeroepen proces',
  default: 'standaardroute',
};

export function attributeLabel(attribute: string): string {
  const dutch = ATTRIBUTE_NAMES[attribute];
  return dutch ? `${dutch} (${attribute})` : attribute;
}
