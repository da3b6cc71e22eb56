import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { type Config, Linter, type Report } from 'bpmnlint';
import { type ModdleElement, type ParseResult, parseBpmn } from '../bpmn-parser';
import { casusregieResolver } from './resolver';

/**
 * Lints diagrams with bpmnlint: its recommended rules plus the project's plugin, as configured in
 * `.bpmnlintrc` at the repository root. This module is for node (CLI, tests, later the deploy);
 * the rules and the resolver it uses are browser-safe and can be bundled for the modeler as they are.
 */

/** Found next to this module rather than in the working directory, so the result does not depend on where it runs. */
export const LINT_CONFIG_FILE = fileURLToPath(new URL('../../../.bpmnlintrc', import.meta.url));

/**
 * The rules the server applies at deploy, the same as `.bpmnlintrc` (a test keeps them equal).
 * A constant because the server runs as a bundle, where the file's relative location is gone.
 */
export const PROJECT_LINT_CONFIG: Config = { extends: ['bpmnlint:recommended', 'plugin:casusregie/recommended'] };

export interface LintFinding {
  /** The element the finding is about; empty when it concerns the diagram as a whole. */
  elementId: string;
  /** `label-required` for bpmnlint's rules, `casusregie/<rule>` for ours, `import` for parse problems. */
  rule: string;
  category: Report['category'];
  message: string;
}

export async function readLintConfig(file: string = LINT_CONFIG_FILE): Promise<Config> {
  const parsed: unknown = JSON.parse(await readFile(file, 'utf8'));
  if (!isConfig(parsed)) {
    throw new Error(`${file}: verwacht { "extends": [...], "rules": { ... } }`);
  }
  return parsed;
}

/** Lints a parsed definitions root, as returned by parseBpmn(xml).rootElement. */
export async function lintDefinitions(definitions: ModdleElement, config?: Config): Promise<LintFinding[]> {
  const linter = new Linter({ resolver: casusregieResolver });
  const results = await linter.lint(definitions, config ?? (await readLintConfig()));
  return Object.entries(results).flatMap(([rule, reports]) =>
    reports.map((report) => ({ elementId: report.id ?? '', rule, category: report.category, message: report.message })),
  );
}

/**
 * Parses and lints a diagram. Like the bpmnlint CLI, parts the parser could not read count as
 * errors: a misspelt attribute would otherwise silently drop out of the diagram.
 */
export async function lintBpmn(xml: string, config?: Config): Promise<LintFinding[]> {
  let parsed: ParseResult;
  try {
    parsed = await parseBpmn(xml);
  } catch (error) {
    return [
      {
        elementId: '',
        rule: 'import',
        category: 'error',
        message: `Het diagram is geen leesbare BPMN: ${(error as Error).message.split('\n')[0]}`,
      },
    ];
  }
  const warnings: LintFinding[] = parsed.warnings.map((warning) => ({
    elementId: warning.element?.id ?? '',
    rule: 'import',
    category: 'error',
    message: `Onbekend of ongeldig onderdeel: ${warning.message.split('\n')[0]}`,
  }));
  return [...warnings, ...(await lintDefinitions(parsed.rootElement, config))];
}

function isConfig(value: unknown): value is Config {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return false;
  const { extends: parents, rules } = value as Record<string, unknown>;
  const parentsOk =
    parents === undefined ||
    typeof parents === 'string' ||
    (Array.isArray(parents) && parents.every((parent) => typeof parent === 'string'));
  const rulesOk = rules === undefined || (typeof rules === 'object' && rules !== null && !Array.isArray(rules));
  return parentsOk && rulesOk;
}
