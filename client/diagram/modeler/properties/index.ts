import type { ModuleDeclaration } from 'didi';
import CasusregiePropertiesProvider from './CasusregiePropertiesProvider';
import FormCatalogue from './FormCatalogue';

const casusregiePropertiesModule: ModuleDeclaration = {
  __init__: ['casusregiePropertiesProvider'],
  casusregiePropertiesProvider: ['type', CasusregiePropertiesProvider],
  formCatalogue: ['type', FormCatalogue],
};

export default casusregiePropertiesModule;
