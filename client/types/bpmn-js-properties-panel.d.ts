// bpmn-js-properties-panel ships no types; this declares the modules the modeler wires in.
declare module 'bpmn-js-properties-panel' {
  import type { ModuleDeclaration } from 'didi';

  export const BpmnPropertiesPanelModule: ModuleDeclaration;
  export const BpmnPropertiesProviderModule: ModuleDeclaration;
  export const CamundaPlatformPropertiesProviderModule: ModuleDeclaration;
}

declare module 'bpmn-js-properties-panel' {
  /** A service of the modeler, inside a properties panel entry (a hook). */
  export function useService<T>(name: string): T;
}

// @bpmn-io/properties-panel ships no types either; only the entries Casusregie builds on.
declare module '@bpmn-io/properties-panel' {
  export interface SelectOption {
    value: string;
    label: string;
    disabled?: boolean;
  }
  export function SelectEntry(props: {
    element: unknown;
    id: string;
    label: string;
    description?: string;
    getValue: (element: unknown) => string;
    setValue: (value: string) => void;
    getOptions: (element: unknown) => SelectOption[];
    disabled?: boolean;
  }): unknown;
  export function isSelectEntryEdited(node: HTMLElement): boolean;
}
