import type { RuleFactory } from 'bpmnlint';
import { is, label, text } from './moddle';

/**
 * Every user task names who may pick it up (camunda:candidateGroups). Without a group a task lands
 * on nobody's worklist and the case stalls unseen.
 */
const userTaskCandidateGroup: RuleFactory = () => ({
  check(node, reporter) {
    if (!is(node, 'bpmn:UserTask')) return;
    const groups = (text(node, 'candidateGroups') ?? '').split(',').filter((group) => group.trim() !== '');
    if (groups.length === 0) {
      reporter.report(
        node.id,
        `Gebruikerstaak ${label(node)} heeft geen kandidaatgroep (camunda:candidateGroups); zonder groep staat de taak op niemands werklijst.`,
      );
    }
  },
});

export default userTaskCandidateGroup;
