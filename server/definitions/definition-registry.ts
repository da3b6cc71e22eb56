import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { tellOthers } from '../cluster/tell-others';
import type { DeployResult, FormSchema, ProblemItem } from '../contract/api';
import { InvalidInputError, RuleViolationError } from '../domain/errors';
import type { EngineHost } from '../engine/engine-host';
import type { CompiledProcess } from '../engine/engine-types';
import { effectivePins, type FormPins, latestPins, pinnedVersion, samePins } from '../forms/form-pins';
import type { FormVersions } from '../forms/form-versions';
import { type Cluster, singleNode } from '../store/cluster';
import type { DefinitionStore, StoredDefinitionVersion } from '../store/store';
import { type ParseResult, parseBpmn } from './bpmn-parser';
import { executableProcesses, validateDefinition } from './definition-validator';
import { lintDefinitions, PROJECT_LINT_CONFIG } from './lint/bpmn-linter';
import { dutchLintMessage } from './lint/dutch-messages';
import { type ProcessModel, processModel } from './process-model';
import { formVariables, unsetConditionVariables, variablesSetByProcess } from './variable-checks';
import { screenXml } from './xml-guard';

/** A version made ready for work: compiled for the engine, and read for the server's own needs. */
interface PreparedVersion {
  compiled: CompiledProcess;
  model: ProcessModel;
}

interface LoadedVersion {
  meta: StoredDefinitionVersion;
  prepared?: Promise<PreparedVersion>;
}

export interface DeployOutcome extends DeployResult {
  created: boolean;
}

/**
 * Deployed diagram versions. Each deploy is validated, stored with its XML and sha256, and gets
 * the next version number of its process key; running instances keep the version they started on.
 * Versions are compiled for the engine once, on first use.
 */
export class DefinitionRegistry {
  private readonly byKey = new Map<string, LoadedVersion[]>();

  /**
   * `forms`: the versioned forms every deploy pins and, where `forms.rules` holds, checks user
   * tasks against (see deployParsed); undefined for a registry without forms. `cluster`: the nodes sharing the
   * store; a version is numbered and stored by one node at a time, and the others are told.
   */
  constructor(
    private readonly store: DefinitionStore,
    private readonly engine: EngineHost,
    private readonly onDeployed: (key: string, version: number) => void = () => {},
    private readonly forms?: DeployForms,
    private readonly cluster: Cluster = singleNode(),
  ) {}

  /** Reads the stored versions; again to take in versions another node on the same store deployed. */
  async load(): Promise<void> {
    for (const meta of await this.store.versions()) {
      if (!this.version(meta.key, meta.version)) this.remember(meta);
    }
  }

  latest(key: string): StoredDefinitionVersion | undefined {
    const versions = this.byKey.get(key);
    return versions?.[versions.length - 1]?.meta;
  }

  version(key: string, version: number): StoredDefinitionVersion | undefined {
    return this.byKey.get(key)?.find((entry) => entry.meta.version === version)?.meta;
  }

  /** Every version of one process, oldest first; undefined for a process never deployed. */
  versions(key: string): StoredDefinitionVersion[] | undefined {
    return this.byKey.get(key)?.map((entry) => entry.meta);
  }

  list(all: boolean): StoredDefinitionVersion[] {
    const result: StoredDefinitionVersion[] = [];
    for (const versions of this.byKey.values()) {
      if (all) result.push(...versions.map((entry) => entry.meta));
      else if (versions.length > 0) result.push(versions[versions.length - 1]!.meta);
    }
    return result.sort((a, b) => a.key.localeCompare(b.key) || a.version - b.version);
  }

  xml(key: string, version: number): Promise<string | undefined> {
    return this.store.readXml(key, version);
  }

  /** The engine-ready form of a version, compiled on first use and shared afterwards. */
  async compiled(key: string, version: number): Promise<CompiledProcess> {
    return (await this.prepared(key, version)).compiled;
  }

  /** Forms, output parameters and decision markers of a version's elements. */
  async model(key: string, version: number): Promise<ProcessModel> {
    return (await this.prepared(key, version)).model;
  }

  /**
   * The schema of a form as a diagram version uses it: the version it pinned (or, deployed before
   * pinning, the one current then). Null when the version names no such form or it has no version.
   */
  async form(key: string, version: number, formKey: string): Promise<FormSchema | null> {
    const meta = this.version(key, version);
    const forms = this.forms?.versions;
    if (!meta || !forms) return null;
    const formVersion = pinnedVersion(meta, formKey.trim(), forms);
    return formVersion === undefined ? null : ((await forms.schema(formKey.trim(), formVersion)) ?? null);
  }

  /** The diagram versions that use one version of a form, oldest first per process. */
  async pinnedBy(formKey: string, formVersion: number): Promise<Array<{ definitionKey: string; version: number }>> {
    const forms = this.forms?.versions;
    if (!forms) return [];
    const result: Array<{ definitionKey: string; version: number }> = [];
    for (const meta of this.list(true)) {
      // A version deployed before pinning names its forms only in its XML.
      const names = meta.forms ? Object.keys(meta.forms) : await this.namedForms(meta.key, meta.version);
      if (names.includes(formKey) && pinnedVersion(meta, formKey, forms) === formVersion) {
        result.push({ definitionKey: meta.key, version: meta.version });
      }
    }
    return result;
  }

  private prepared(key: string, version: number): Promise<PreparedVersion> {
    const entry = this.byKey.get(key)?.find((candidate) => candidate.meta.version === version);
    if (!entry) return Promise.reject(new Error(`definition ${key} version ${version} is not deployed`));
    entry.prepared ??= this.prepare(key, version);
    return entry.prepared;
  }

  /**
   * Validates and stores a diagram. The same XML as the latest version returns that version
   * (created: false). `extraKeys` are processes deployed in the same batch, for call activities.
   */
  async deploy(xml: string, deployedBy: string, options: DeployOptions = {}): Promise<DeployOutcome> {
    return this.deployParsed(xml, await parseOrRefuse(xml), deployedBy, options);
  }

  private async deployParsed(
    xml: string,
    parsed: ParseResult,
    deployedBy: string,
    options: DeployOptions,
  ): Promise<DeployOutcome> {
    const knownKeys = new Set([...this.byKey.keys(), ...(options.extraKeys ?? [])]);
    // The form rule (every user task names a form that has a version) holds wherever the
    // processes folder has forms: the product's processes/forms, for diagrams deployed at
    // start-up and through the API alike. A processes folder without a forms/ folder (the
    // engine's test fixtures) has no forms to name; there the rule cannot hold and is not
    // applied, even after someone saved a form, and a missing form key remains a lint warning.
    // Applying it to API deploys only would refuse diagrams on such a server that nobody could
    // ever make deployable.
    const versions = this.forms?.versions;
    const formKeys = this.forms?.rules
      ? new Set(this.forms.versions.latestVersions().map((form) => form.key))
      : undefined;
    const result = validateDefinition(parsed, knownKeys, formKeys ? { formKeys } : {});
    if (result.problems.length > 0 || !result.key) {
      throw new RuleViolationError(
        'diagram',
        `Het diagram kan niet worden uitgerold: ${result.problems.length} probleem/problemen.`,
        result.problems,
      );
    }
    const key = result.key;
    // Compiled before linting: compiled after bpmnlint had walked the moddle tree, an instance
    // never left its start event (seen in tests/api/definitions.test.ts).
    const prepared = this.prepareOrRefuse(key, parsed);
    const cycles = await this.callCycles(key, prepared.model);
    if (cycles.length > 0) {
      throw new RuleViolationError(
        'diagram',
        `Het diagram kan niet worden uitgerold: ${cycles.length} probleem/problemen.`,
        cycles,
      );
    }
    // Lint findings do not block a deploy (the checks above do); they tell the process owner
    // what to improve, with the same rules the modeler shows.
    const lintWarnings: ProblemItem[] = (await lintDefinitions(parsed.rootElement, PROJECT_LINT_CONFIG)).map(
      (finding) => ({
        ...(finding.elementId ? { elementId: finding.elementId } : {}),
        code: finding.rule,
        message: dutchLintMessage(finding.rule, finding.message),
      }),
    );
    // The latest version of every form the diagram names: its cases keep these, whatever changes
    // later. Where no form exists at all (the engine's test fixtures) there is nothing to pin, and
    // the version says nothing about forms, as versions did before forms were versioned.
    const named = formKeysOf(prepared.model);
    let pins = versions && versions.latestVersions().length > 0 ? latestPins(named, versions) : undefined;
    const variableWarnings =
      pins && formKeys ? await this.variableWarnings(key, parsed, pins, options.batch ?? []) : [];
    const warnings = [...result.warnings, ...lintWarnings, ...variableWarnings];
    const sha256 = createHash('sha256').update(xml).digest('hex');
    // Numbered and stored by one node at a time, on the versions as stored: two nodes deploying
    // at once (three starting up together) neither take one number twice nor store one diagram twice.
    const outcome = await this.cluster.exclusive('definitions', async () => {
      if (this.cluster.shared) {
        await this.load();
        // A form another node saved a moment ago is pinned too, not only once this node hears of it.
        await this.forms?.refresh?.();
        if (pins && versions) pins = latestPins(named, versions);
      }
      const latest = this.latest(key);
      // The same diagram only with the same forms: after a form changed, deploying the diagram
      // again is how new cases get the new form.
      if (latest?.sha256 === sha256 && this.samePinsAs(latest, named, pins)) {
        return { version: latest.version, created: false };
      }
      const meta: StoredDefinitionVersion = {
        key,
        name: result.name ?? key,
        version: (latest?.version ?? 0) + 1,
        sha256,
        deployedAt: new Date().toISOString(),
        deployedBy,
        ...(options.note ? { note: options.note } : {}),
        ...(pins ? { forms: pins } : {}),
      };
      await this.store.addVersion(meta, xml);
      const entry = this.remember(meta);
      entry.prepared = Promise.resolve(prepared);
      return { version: meta.version, created: true };
    });
    if (outcome.created) {
      await tellOthers(this.cluster, { kind: 'definitions' });
      this.onDeployed(key, outcome.version);
    }
    return { key, version: outcome.version, sha256, warnings, created: outcome.created };
  }

  /** The forms a version names, read from its diagram; none when it cannot be read. */
  private async namedForms(key: string, version: number): Promise<string[]> {
    try {
      return formKeysOf(await this.model(key, version));
    } catch (error) {
      console.warn(`reading the forms of ${key} version ${version} failed`, error);
      return [];
    }
  }

  private samePinsAs(latest: StoredDefinitionVersion, named: string[], pins: FormPins | undefined): boolean {
    if (!this.forms || !pins) return true;
    return samePins(effectivePins(latest, named, this.forms.versions), pins);
  }

  /**
   * `variable-not-set` warnings: what the diagram's conditions read that none of its forms (the
   * versions it pins), output parameters or calls set, and that no process calling it passes in
   * (the latest versions deployed, and the diagrams deployed in the same batch).
   */
  private async variableWarnings(
    key: string,
    parsed: ParseResult,
    pins: FormPins,
    batch: readonly ProcessModel[],
  ): Promise<ProblemItem[]> {
    const process = executableProcesses(parsed)[0];
    const forms = this.forms?.versions;
    if (!process || !forms) return [];
    const own = variablesSetByProcess(process);
    if (own.all) return [];
    const known = new Set(own.names);
    for (const [formKey, version] of Object.entries(pins)) {
      const schema = await forms.schema(formKey, version);
      for (const name of schema ? formVariables(schema) : []) known.add(name);
    }
    const callers = [...batch];
    for (const other of this.byKey.keys()) {
      const latest = this.latest(other);
      if (other === key || !latest || batch.some((model) => model.key === other)) continue;
      // A version that cannot be read says nothing about what it passes on; the deploy goes on.
      const model = await this.model(other, latest.version).catch(() => undefined);
      if (model) callers.push(model);
    }
    for (const caller of callers) {
      for (const element of caller.elements.values()) {
        if (element.calledElement !== key || !element.passesIn) continue;
        if (element.passesIn.all) return [];
        for (const name of element.passesIn.names) known.add(name);
      }
    }
    return unsetConditionVariables(process, known);
  }

  /**
   * Deploys every .bpmn file of a folder whose content differs from its latest version; the
   * diagrams may call each other, so all their keys count as known.
   */
  async deployDirectory(directory: string, deployedBy: string): Promise<DeployOutcome[]> {
    let files: string[];
    try {
      files = (await readdir(directory)).filter((file) => file.endsWith('.bpmn')).sort();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    // Each file is read and parsed once; the keys of the whole batch are known before any deploys.
    const sources = await Promise.all(
      files.map(async (file) => {
        const xml = await readFile(path.join(directory, file), 'utf8');
        return { file, xml, parsed: screenXml(xml) ? undefined : await parseBpmn(xml).catch(() => undefined) };
      }),
    );
    const keys = sources.flatMap(({ parsed }) =>
      parsed ? executableProcesses(parsed).map((process) => process.id ?? '') : [],
    );
    // Read for the calls between them: what one passes in is known to the process it calls.
    const batch = sources.flatMap(({ parsed }) => {
      if (!parsed) return [];
      try {
        return [processModel(parsed)];
      } catch {
        return [];
      }
    });
    const outcomes: DeployOutcome[] = [];
    for (const { file, xml, parsed } of sources) {
      try {
        const options = { extraKeys: keys, note: `uit ${file}`, batch };
        outcomes.push(
          await (parsed ? this.deployParsed(xml, parsed, deployedBy, options) : this.deploy(xml, deployedBy, options)),
        );
      } catch (error) {
        const problems = (error as { problems?: ProblemItem[] }).problems ?? [];
        const reasons = problems
          .map((problem) => `${problem.elementId ?? ''} ${problem.code}: ${problem.message}`)
          .join('; ');
        throw new Error(`processes/${file} cannot be deployed: ${reasons || (error as Error).message}`);
      }
    }
    return outcomes;
  }

  /**
   * The validator names every shape known to break the engine's serializer; a diagram from another
   * modelling tool may still hold one nobody has met yet. That is a diagram the engine cannot run,
   * so it is refused like the others (422), never answered with a 500.
   */
  private prepareOrRefuse(key: string, parsed: ParseResult): PreparedVersion {
    try {
      return { compiled: this.engine.compile(key, parsed), model: processModel(parsed) };
    } catch (error) {
      console.warn(`compiling a deployed diagram of ${key} failed`, error);
      const message =
        'De engine kan dit diagram niet inlezen; vermoedelijk bevat het een onderdeel uit een ander modelleerprogramma dat niet wordt ondersteund.';
      throw new RuleViolationError('diagram', `Het diagram kan niet worden uitgerold: ${message}`, [
        { elementId: key, code: 'diagram-not-runnable', message },
      ]);
    }
  }

  /**
   * A call activity starts the latest version of its process within the same action. When that
   * process calls this one back, directly or further on, every case starts cases without end and
   * the action never returns (the validator refuses only a call of the process itself).
   */
  private async callCycles(key: string, model: ProcessModel): Promise<ProblemItem[]> {
    const problems: ProblemItem[] = [];
    for (const element of model.elements.values()) {
      const called = element.calledElement;
      if (!called || called === key) continue;
      const chain = await this.callChain(called, key);
      if (!chain) continue;
      problems.push({
        elementId: element.id,
        code: 'called-element-cycle',
        message: `Deze aanroep-activiteit sluit een kring van aanroepen (${[key, ...chain]
          .map((name) => name.slice(0, 64))
          .join(' → ')}); elke casus zou zonder einde nieuwe casussen starten.`,
      });
    }
    return problems;
  }

  /** The calls from process `from` (latest versions) that lead to `target`, from `from` on; undefined when none do. */
  private async callChain(from: string, target: string): Promise<string[] | undefined> {
    const seen = new Set<string>();
    const queue: string[][] = [[from]];
    for (let chain = queue.shift(); chain; chain = queue.shift()) {
      const current = chain[chain.length - 1]!;
      const latest = this.latest(current);
      if (seen.has(current) || !latest) continue;
      seen.add(current);
      for (const element of (await this.model(current, latest.version)).elements.values()) {
        if (element.calledElement === target) return [...chain, target];
        if (element.calledElement) queue.push([...chain, element.calledElement]);
      }
    }
    return undefined;
  }

  private remember(meta: StoredDefinitionVersion): LoadedVersion {
    const versions = this.byKey.get(meta.key) ?? [];
    const entry: LoadedVersion = { meta };
    versions.push(entry);
    versions.sort((a, b) => a.meta.version - b.meta.version);
    this.byKey.set(meta.key, versions);
    return entry;
  }

  private async prepare(key: string, version: number): Promise<PreparedVersion> {
    const xml = await this.store.readXml(key, version);
    if (xml === undefined) throw new Error(`the XML of ${key} version ${version} is missing from the store`);
    const parsed = await parseBpmn(xml);
    return { compiled: this.engine.compile(key, parsed), model: processModel(parsed) };
  }
}

/** The forms deploys pin, and whether the form rules apply to them. */
export interface DeployForms {
  versions: FormVersions;
  /**
   * Whether every user task must name a form that has a version (with the variable-not-set
   * warning): true where the processes folder has a forms/ folder, as the product's has.
   */
  rules: boolean;
  /** Reads the versions other nodes on the same store saved (several nodes only). */
  refresh?: () => Promise<void>;
}

interface DeployOptions {
  /** Processes deployed in the same batch, for call activities. */
  extraKeys?: Iterable<string>;
  note?: string;
  /** The models of a batch deployed together, for what they pass to each other. */
  batch?: readonly ProcessModel[];
}

/** Every form a version names: its user tasks' and start events' form keys. */
function formKeysOf(model: ProcessModel): string[] {
  const keys = new Set<string>();
  for (const element of model.elements.values()) if (element.formKey) keys.add(element.formKey.trim());
  if (model.startFormKey) keys.add(model.startFormKey.trim());
  return [...keys].sort();
}

async function parseOrRefuse(xml: string): Promise<ParseResult> {
  if (xml.trim() === '') throw new InvalidInputError('Er is geen BPMN-XML meegestuurd.');
  // Screened before the parser runs: hostile XML is refused without being read (see xml-guard).
  const refused = screenXml(xml);
  if (refused) throw new InvalidInputError(`De XML wordt niet gelezen: ${refused.message}`, [refused]);
  try {
    return await parseBpmn(xml);
  } catch (error) {
    const message = (error as Error).message.split('\n')[0] ?? 'onbekende fout';
    throw new InvalidInputError(`De XML kan niet worden gelezen: ${message}`, [{ code: 'xml-invalid', message }]);
  }
}
