// bpmn-js-token-simulation ships no types; this declares its modeler module and the toggle service.
declare module 'bpmn-js-token-simulation' {
  import type { ModuleDeclaration } from 'didi';

  /** The `toggleMode` service: switches the simulation (and the read-only mode that comes with it). */
  export interface ToggleMode {
    toggleMode(active?: boolean): void;
  }

  /** `tokenSimulation.toggleMode`, fired whenever the simulation is switched on or off. */
  export interface ToggleModeEvent {
    active: boolean;
  }

  const tokenSimulationModule: ModuleDeclaration;
  export default tokenSimulationModule;
}
