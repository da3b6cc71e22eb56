import type { PackedLintConfig } from 'bpmn-js-bpmnlint';
import type { CheckFunction, Config, Reporter, Resolver, RuleDefinition, RuleFactory } from 'bpmnlint';
import lintrc from '../../../../.bpmnlintrc?raw';
import { dutchLintMessage } from '../../../../server/definitions/lint/dutch-messages';
import { casusregieResolver } from '../../../../server/definitions/lint/resolver';

/**
 * The lint rules of the modeler are the server's: the same `.bpmnlintrc` (which a server test keeps
 * equal to the PROJECT_LINT_CONFIG the deploy uses) and the same resolver, so what the process
 * owner sees while editing is what the deploy reports. Read as text because the server's constant
 * lives in a module that also reads files with node APIs and cannot be bundled for the browser.
 */
export const PROJECT_LINT_CONFIG: Config = parseConfig(lintrc);

/**
 * bpmnlint's own rules report in English; the server translates their findings with
 * `dutchLintMessage`. Here the rules report in Dutch at the source, so both the markers on the
 * diagram and the list beside it read the sentence the deploy answer will hold.
 */
export function dutchResolver(resolver: Resolver): Resolver {
  return {
    async resolveRule(pkg, ruleName) {
      const factory = await resolver.resolveRule(pkg, ruleName);
      // The project's rules already speak Dutch; their messages name the element, keep them.
      if (pkg !== 'bpmnlint') return factory;
      const inDutch: RuleFactory = (options) => translated(factory(options), ruleName);
      return inDutch;
    },
    resolveConfig: (pkg, configName) => resolver.resolveConfig(pkg, configName),
  };
}

export const PROJECT_LINTING: PackedLintConfig = {
  config: PROJECT_LINT_CONFIG,
  resolver: dutchResolver(casusregieResolver),
};

function translated(rule: RuleDefinition, ruleName: string): RuleDefinition {
  const wrap = (check: CheckFunction | undefined): CheckFunction | undefined =>
    check &&
    ((node, reporter) =>
      check(node, {
        report: (id, message, path) => reporter.report(id, dutchLintMessage(ruleName, message), path),
      } satisfies Reporter));
  const { check } = rule;
  if (typeof check === 'function') return { ...rule, check: wrap(check)! };
  return {
    ...rule,
    check: {
      ...(check.enter ? { enter: wrap(check.enter) } : {}),
      ...(check.leave ? { leave: wrap(check.leave) } : {}),
    },
  };
}

function parseConfig(text: string): Config {
  const parsed: unknown = JSON.parse(text);
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
    throw new Error('.bpmnlintrc: verwacht een object');
  const { extends: parents, rules } = parsed as Config;
  return { ...(parents !== undefined ? { extends: parents } : {}), ...(rules !== undefined ? { rules } : {}) };
}
