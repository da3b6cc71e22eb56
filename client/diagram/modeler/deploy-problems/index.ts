import type { ModuleDeclaration } from 'didi';
import DeployProblems from './DeployProblems';

const deployProblemsModule: ModuleDeclaration = {
  deployProblems: ['type', DeployProblems],
};

export default deployProblemsModule;
