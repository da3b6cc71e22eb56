import type { Config, Resolver, RuleFactory } from 'bpmnlint';
import all from 'bpmnlint/config/all.js';
import correctness from 'bpmnlint/config/correctness.js';
import recommended from 'bpmnlint/config/recommended.js';
import adHocSubProcess from 'bpmnlint/rules/ad-hoc-sub-process.js';
import conditionalEvent from 'bpmnlint/rules/conditional-event.js';
import conditionalFlows from 'bpmnlint/rules/conditional-flows.js';
import endEventRequired from 'bpmnlint/rules/end-event-required.js';
import eventBasedGateway from 'bpmnlint/rules/event-based-gateway.js';
import eventSubProcessTypedStartEvent from 'bpmnlint/rules/event-sub-process-typed-start-event.js';
import fakeJoin from 'bpmnlint/rules/fake-join.js';
import globalRule from 'bpmnlint/rules/global.js';
import labelRequired from 'bpmnlint/rules/label-required.js';
import linkEvent from 'bpmnlint/rules/link-event.js';
import noBpmndi from 'bpmnlint/rules/no-bpmndi.js';
import noComplexGateway from 'bpmnlint/rules/no-complex-gateway.js';
import noDisconnected from 'bpmnlint/rules/no-disconnected.js';
import noDuplicateSequenceFlows from 'bpmnlint/rules/no-duplicate-sequence-flows.js';
import noGatewayJoinFork from 'bpmnlint/rules/no-gateway-join-fork.js';
import noImplicitEnd from 'bpmnlint/rules/no-implicit-end.js';
import noImplicitSplit from 'bpmnlint/rules/no-implicit-split.js';
import noImplicitStart from 'bpmnlint/rules/no-implicit-start.js';
import noInclusiveGateway from 'bpmnlint/rules/no-inclusive-gateway.js';
import noOverlappingElements from 'bpmnlint/rules/no-overlapping-elements.js';
import singleBlankStartEvent from 'bpmnlint/rules/single-blank-start-event.js';
import singleEventDefinition from 'bpmnlint/rules/single-event-definition.js';
import standardSize from 'bpmnlint/rules/standard-size.js';
import startEventRequired from 'bpmnlint/rules/start-event-required.js';
import subProcessBlankStartEvent from 'bpmnlint/rules/sub-process-blank-start-event.js';
import superfluousGateway from 'bpmnlint/rules/superfluous-gateway.js';
import superfluousLabel from 'bpmnlint/rules/superfluous-label.js';
import superfluousTermination from 'bpmnlint/rules/superfluous-termination.js';
import * as casusregie from './casusregie-plugin';

/**
 * Serves bpmnlint's own rules and configs and the project's plugin from imports, not from node's
 * module resolution (bpmnlint's NodeResolver), so the same resolver works under node and in a
 * bundle for bpmn-js-bpmnlint: `linting: { bpmnlint: { config, resolver: casusregieResolver } }`.
 * Packages are named as bpmnlint names them: `bpmnlint` and `bpmnlint-plugin-<name>`.
 */

interface LintPackage {
  rules: Readonly<Record<string, RuleFactory>>;
  configs: Readonly<Record<string, Config>>;
}

const bpmnlint: LintPackage = {
  rules: {
    'ad-hoc-sub-process': adHocSubProcess,
    'conditional-event': conditionalEvent,
    'conditional-flows': conditionalFlows,
    'end-event-required': endEventRequired,
    'event-based-gateway': eventBasedGateway,
    'event-sub-process-typed-start-event': eventSubProcessTypedStartEvent,
    'fake-join': fakeJoin,
    global: globalRule,
    'label-required': labelRequired,
    'link-event': linkEvent,
    'no-bpmndi': noBpmndi,
    'no-complex-gateway': noComplexGateway,
    'no-disconnected': noDisconnected,
    'no-duplicate-sequence-flows': noDuplicateSequenceFlows,
    'no-gateway-join-fork': noGatewayJoinFork,
    'no-implicit-end': noImplicitEnd,
    'no-implicit-split': noImplicitSplit,
    'no-implicit-start': noImplicitStart,
    'no-inclusive-gateway': noInclusiveGateway,
    'no-overlapping-elements': noOverlappingElements,
    'single-blank-start-event': singleBlankStartEvent,
    'single-event-definition': singleEventDefinition,
    'standard-size': standardSize,
    'start-event-required': startEventRequired,
    'sub-process-blank-start-event': subProcessBlankStartEvent,
    'superfluous-gateway': superfluousGateway,
    'superfluous-label': superfluousLabel,
    'superfluous-termination': superfluousTermination,
  },
  configs: { all, correctness, recommended },
};

const packages: Readonly<Record<string, LintPackage>> = {
  bpmnlint,
  [casusregie.PLUGIN_PACKAGE]: casusregie,
};

export const casusregieResolver: Resolver = {
  resolveRule(pkg, ruleName) {
    const rule = own(own(packages, pkg)?.rules, ruleName);
    if (!rule) throw new Error(`onbekende lintregel <${pkg}/${ruleName}>`);
    return rule;
  },
  resolveConfig(pkg, configName) {
    const config = own(own(packages, pkg)?.configs, configName);
    if (!config) throw new Error(`onbekende lintconfiguratie <${pkg}/${configName}>`);
    return config;
  },
};

/** Names come from config files: `toString` must not resolve to Object.prototype's. */
function own<T>(record: Readonly<Record<string, T>> | undefined, key: string): T | undefined {
  return record && Object.hasOwn(record, key) ? record[key] : undefined;
}
