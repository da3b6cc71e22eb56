// bpmn-js-bpmnlint ships no types; this declares its module and the part of its `linting`
// service and events the modeler uses.
declare module 'bpmn-js-bpmnlint' {
  import type { Config, Report, Resolver } from 'bpmnlint';
  import type { ModuleDeclaration } from 'didi';

  /** What `linting.bpmnlint` (and `setLinterConfig`) expects: a config and the resolver for its rules. */
  export interface PackedLintConfig {
    config: Config;
    resolver: Resolver;
  }

  /** One finding as bpmn-js-bpmnlint hands it on: bpmnlint's report plus the rule's name. */
  export interface LintingIssue extends Report {
    id: string;
    rule: string;
    /** Set when the element is not on the canvas and the issue was moved to its root or pool. */
    isChildIssue?: boolean;
    actualElementId?: string;
  }

  /** `linting.completed`: the findings, grouped by the id of the element they are shown on. */
  export interface LintingCompletedEvent {
    issues: Record<string, LintingIssue[]>;
  }

  export interface Linting {
    isActive(): boolean;
    toggle(active?: boolean): boolean;
    update(): void;
  }

  const lintModule: ModuleDeclaration;
  export default lintModule;
}
