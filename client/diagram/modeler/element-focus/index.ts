import type { ModuleDeclaration } from 'didi';
import ElementFocus from './ElementFocus';

const elementFocusModule: ModuleDeclaration = {
  elementFocus: ['type', ElementFocus],
};

export default elementFocusModule;
