import type { CaseIndexEntry } from '../store/store';
import type { CaseFacts } from './case-facts';
import { factsOf } from './case-facts';
import type { StepInfo } from './figures-query';

/**
 * The steps (user tasks) the figures report on, each numbered once, so a case's facts name a
 * step by a small integer and the aggregation indexes arrays instead of hashing strings.
 */
export class StepCatalogue {
  private readonly byKey = new Map<string, number>();
  private readonly steps: StepInfo[] = [];

  indexOf(definitionKey: string, elementId: string, name: string): number {
    const key = `${definitionKey}#${elementId}`;
    const known = this.byKey.get(key);
    if (known !== undefined) {
      // The latest name wins: a renamed step shows as it is called now.
      this.steps[known]!.name = name;
      return known;
    }
    this.steps.push({ definitionKey, elementId, name });
    this.byKey.set(key, this.steps.length - 1);
    return this.steps.length - 1;
  }

  all(): readonly StepInfo[] {
    return this.steps;
  }
}

/**
 * Every case's figure facts (case-facts.ts), replaced as a whole when the case commits: the work
 * per commit is that one case's, whatever the number of cases.
 */
export class FigureFactsIndex {
  private readonly facts = new Map<string, CaseFacts>();
  readonly steps = new StepCatalogue();

  /** `caseId` is the string the other indexes hold for the case's id, so it is held once. */
  update(document: CaseIndexEntry, caseId = document.caseId): void {
    this.facts.set(caseId, factsOf(document, this.steps));
  }

  all(): IterableIterator<CaseFacts> {
    return this.facts.values();
  }

  get size(): number {
    return this.facts.size;
  }
}
