// bpmn-js-differ ships no types; this declares the part the version comparison uses.
declare module 'bpmn-js-differ' {
  import type { ModdleElement } from 'bpmn-moddle';

  export interface ChangedElement {
    model: ModdleElement;
    /** Per property: the two values, see DiffUtil for which is which. */
    attrs: Record<string, { oldValue: unknown; newValue: unknown }>;
  }

  export interface DiffResult {
    _added: Record<string, ModdleElement>;
    _removed: Record<string, ModdleElement>;
    _changed: Record<string, ChangedElement>;
    _layoutChanged: Record<string, ModdleElement>;
  }

  export function diff(oldDefinitions: ModdleElement, newDefinitions: ModdleElement): DiffResult;
}
