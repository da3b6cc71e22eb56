import type { RuleFactory } from 'bpmnlint';
import { is, label, text } from './moddle';

/**
 * Every user task names the form its worker fills in (camunda:formKey). The worklist opens that
 * form; without one the task can only be completed blind, without the data the next steps need.
 */
const userTaskForm: RuleFactory = () => ({
  check(node, reporter) {
    if (!is(node, 'bpmn:UserTask')) return;
    if ((text(node, 'formKey') ?? '').trim() === '') {
      reporter.report(
        node.id,
        `Gebruikerstaak ${label(node)} heeft geen formulier (camunda:formKey); kies het formulier dat de medewerker bij deze taak invult.`,
      );
    }
  },
});

export default userTaskForm;
