import type { LintingCompletedEvent } from 'bpmn-js-bpmnlint';
import type ElementRegistry from 'diagram-js/lib/core/ElementRegistry';
import type EventBus from 'diagram-js/lib/core/EventBus';
import { describeElement, type ElementDescription } from '../ModelerUtil';

export type LintSeverity = 'error' | 'warn' | 'info';

export interface LintIssue extends ElementDescription {
  /** `label-required` for bpmnlint's rules, `casusregie/<rule>` for the project's, as the deploy names them. */
  rule: string;
  severity: LintSeverity;
  /** Dutch (see ProjectLintConfig). */
  message: string;
}

type Listener = (issues: readonly LintIssue[]) => void;

const ORDER: Record<LintSeverity, number> = { error: 0, warn: 1, info: 2 };

/**
 * The findings of bpmn-js-bpmnlint as one flat list for the page: per finding the element it is
 * about (also when bpmn-js-bpmnlint moved its marker to the process because the element is not
 * drawn), its name and type in Dutch, the rule and the message; errors first. The linter runs after
 * every change, so the list follows the diagram as the process owner edits it.
 */
export default class LintIssues {
  static $inject = ['eventBus', 'elementRegistry'];

  private current: readonly LintIssue[] | undefined;
  private readonly listeners = new Set<Listener>();

  constructor(
    eventBus: EventBus,
    private readonly elementRegistry: ElementRegistry,
  ) {
    eventBus.on('linting.completed', (event: LintingCompletedEvent) => this.update(event));
    eventBus.on('diagram.clear', () => (this.current = undefined));
  }

  /** The latest findings; undefined until the first lint of the diagram has finished. */
  get issues(): readonly LintIssue[] | undefined {
    return this.current;
  }

  /** Calls the listener with every new list (and at once when there is one); returns the unsubscribe. */
  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    if (this.current) listener(this.current);
    return () => this.listeners.delete(listener);
  }

  private update(event: LintingCompletedEvent): void {
    const issues = Object.values(event.issues)
      .flat()
      .map((issue): LintIssue => {
        const elementId = issue.actualElementId ?? issue.id;
        return {
          ...describeElement(this.elementRegistry, elementId),
          rule: issue.rule,
          // A rule that crashed ('rule-error') is as blocking as an error for the person reading.
          severity: issue.category === 'warn' || issue.category === 'info' ? issue.category : 'error',
          message: issue.message,
        };
      })
      .sort(
        (a, b) =>
          ORDER[a.severity] - ORDER[b.severity] || a.name.localeCompare(b.name, 'nl') || a.rule.localeCompare(b.rule),
      );
    this.current = issues;
    for (const listener of this.listeners) listener(issues);
  }
}
