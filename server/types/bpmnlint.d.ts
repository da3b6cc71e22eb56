// bpmnlint ships no usable types (its lib/types.d.ts is not exported and types elements as any);
// this declares the part of it the linter uses, with elements typed as bpmn-moddle elements.
declare module 'bpmnlint' {
  import type { ModdleElement } from 'bpmn-moddle';

  /** Collects the findings of one rule; `id` is the id of the element the finding is about. */
  export interface Reporter {
    report(id: string | undefined, message: string, path?: string[]): void;
  }

  // biome-ignore lint/suspicious/noConfusingVoidType: bpmnlint's own contract: a check may return nothing, or false to skip children.
  export type CheckFunction = (node: ModdleElement, reporter: Reporter) => boolean | void;

  export interface RuleDefinition {
    meta?: { documentation?: { url?: string } };
    check: CheckFunction | { enter?: CheckFunction; leave?: CheckFunction };
  }

  export type RuleFactory = (options?: Record<string, unknown>) => RuleDefinition;

  export type ReportingCategory = 'off' | 'warn' | 'error' | 'info';
  export type RuleConfig =
    | ReportingCategory
    | 0
    | 1
    | 2
    | 3
    | [ReportingCategory | 0 | 1 | 2 | 3, Record<string, unknown>?];

  export interface Config {
    extends?: string | string[];
    rules?: Record<string, RuleConfig>;
  }

  export interface Resolver {
    resolveRule(pkg: string, ruleName: string): RuleFactory | Promise<RuleFactory>;
    resolveConfig(pkg: string, configName: string): Config | Promise<Config>;
  }

  export interface Report {
    id?: string;
    message: string;
    path?: string[];
    category: ReportingCategory | 'rule-error';
    meta?: RuleDefinition['meta'];
  }

  /** Findings keyed by rule name, e.g. `label-required` or `casusregie/no-code`. */
  export type LintResults = Record<string, Report[]>;

  export class Linter {
    constructor(options: { config?: Config; resolver: Resolver });
    lint(definitions: ModdleElement, config?: Config): Promise<LintResults>;
  }
}

/** Each rule module of bpmnlint exports its rule factory. */
declare module 'bpmnlint/rules/*' {
  import type { RuleFactory } from 'bpmnlint';

  const factory: RuleFactory;
  export default factory;
}

/** Each config module of bpmnlint (recommended, correctness, all) exports a config. */
declare module 'bpmnlint/config/*' {
  import type { Config } from 'bpmnlint';

  const config: Config;
  export default config;
}
