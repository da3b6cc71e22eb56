import {
  BpmnPropertiesPanelModule,
  BpmnPropertiesProviderModule,
  CamundaPlatformPropertiesProviderModule,
} from 'bpmn-js-properties-panel';
import tokenSimulationModule from 'bpmn-js-token-simulation';
import camundaPlatformBehaviors from 'camunda-bpmn-js-behaviors/lib/camunda-platform';
import camundaModdle from 'camunda-bpmn-moddle/resources/camunda.json';
import type { ModuleDeclaration } from 'didi';
import deployProblemsModule from './deploy-problems';
import elementFocusModule from './element-focus';
import lintIssuesModule from './lint';
import casusregiePropertiesModule from './properties';
import dutchTranslateModule from './translate';

/**
 * Everything the modeler adds to bpmn-js's Modeler: the properties panel with the Camunda 7
 * provider and behaviours (the engine reads camunda:candidateGroups, formKey, dueDate, ...), lint
 * while editing, a dry run (token simulation), and Casusregie's own modules.
 */
export const MODELER_MODULES: ModuleDeclaration[] = [
  BpmnPropertiesPanelModule,
  BpmnPropertiesProviderModule,
  CamundaPlatformPropertiesProviderModule,
  camundaPlatformBehaviors,
  casusregiePropertiesModule,
  lintIssuesModule,
  tokenSimulationModule,
  deployProblemsModule,
  elementFocusModule,
  dutchTranslateModule,
];

/** The Camunda 7 descriptor, as the engine on the server reads the same attributes with it. */
export const MODDLE_EXTENSIONS = { camunda: camundaModdle };

export type { LintIssue, LintSeverity } from './lint/LintIssues';
export { PROJECT_LINTING } from './lint/ProjectLintConfig';
