import type { Config, RuleFactory } from 'bpmnlint';
import callActivityMapping from './rules/call-activity-mapping';
import feelExpressions from './rules/feel-expressions';
import noCode from './rules/no-code';
import userTaskCandidateGroup from './rules/user-task-candidate-group';
import userTaskForm from './rules/user-task-form';

/**
 * The project's rules as a bpmnlint plugin, shaped like an npm package `bpmnlint-plugin-casusregie`
 * (`rules` and `configs`), so configs refer to it the usual way: `plugin:casusregie/recommended`,
 * and rules as `casusregie/<rule>`. Nothing here touches node APIs, so the modeler can bundle it.
 */
export const PLUGIN_PACKAGE = 'bpmnlint-plugin-casusregie';

export const rules: Readonly<Record<string, RuleFactory>> = {
  'user-task-candidate-group': userTaskCandidateGroup,
  'user-task-form': userTaskForm,
  'no-code': noCode,
  'feel-expressions': feelExpressions,
  'call-activity-mapping': callActivityMapping,
};

/** Every rule is an error: each names something the deploy refuses or a case cannot get past. */
export const configs: Readonly<Record<string, Config>> = {
  recommended: {
    rules: Object.fromEntries(Object.keys(rules).map((name) => [name, 'error'])),
  },
};
