import type { ModuleDeclaration } from 'didi';
import CasusregiePropertiesProvider from './CasusregiePropertiesProvider';

const casusregiePropertiesModule: ModuleDeclaration = {
  __init__: ['casusregiePropertiesProvider'],
  casusregiePropertiesProvider: ['type', CasusregiePropertiesProvider],
};

export default casusregiePropertiesModule;
