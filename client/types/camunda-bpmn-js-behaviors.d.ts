// camunda-bpmn-js-behaviors ships no types; the Camunda 7 behaviours are one bpmn-js module.
declare module 'camunda-bpmn-js-behaviors/lib/camunda-platform' {
  import type { ModuleDeclaration } from 'didi';

  const camundaPlatformBehaviors: ModuleDeclaration;
  export default camundaPlatformBehaviors;
}
