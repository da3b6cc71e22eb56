import lintModule from 'bpmn-js-bpmnlint';
import type { ModuleDeclaration } from 'didi';
import LintIssues from './LintIssues';

/**
 * Linting while editing: bpmn-js-bpmnlint marks findings on the diagram (configured with
 * `linting: { active: true, bpmnlint: PROJECT_LINTING }`), LintIssues lists them for the page.
 */
const lintIssuesModule: ModuleDeclaration = {
  __depends__: [lintModule],
  __init__: ['lintIssues'],
  lintIssues: ['type', LintIssues],
};

export default lintIssuesModule;
