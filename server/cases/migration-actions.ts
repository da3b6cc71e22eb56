import type { MigrationCheck, MigrationDryRunRequest, MigrationRequest, MigrationResult, User } from '../contract/api';
import type { DefinitionRegistry } from '../definitions/definition-registry';
import { isDomainError, NotFoundError } from '../domain/errors';
import type { CaseUnitOfWork } from './case-unit-of-work';
import { checkInstance, checkVersionOrder, type MigrationPlan, planMigration } from './instance-migration';
import { MigrationMismatch } from './migration-records';

export interface MigrationActionsDeps {
  work: CaseUnitOfWork;
  definitions: DefinitionRegistry;
}

/**
 * The entry points for moving running instances to another version of their process: the dry
 * run and the migration. The rules are in instance-migration.ts, what happens to the engine
 * state in CaseTransaction.migrate.
 */
export class MigrationActions {
  constructor(private readonly deps: MigrationActionsDeps) {}

  /**
   * Checks, without changing anything, which instances could move from one version of a process
   * to a newer one. Without instanceIds, every active instance on the old version is checked.
   */
  async dryRun(definitionKey: string, request: MigrationDryRunRequest): Promise<MigrationCheck[]> {
    const plan = await this.plan(definitionKey, request);
    const ids = plan.instanceIds ?? this.activeInstancesOf(definitionKey, plan.fromVersion);
    return ids.map((id) => checkInstance(plan, id, this.deps.work.index.instance(id)));
  }

  /**
   * Moves the instances that can move and reports the rest, each as it is afterwards. Every
   * instance moves in its own case transaction, under its case's lock, and is checked again
   * there: all-or-nothing across cases would need one transaction over many case documents,
   * which the store does not have, and one case that cannot move would hold up all the others.
   * An instance that does not move stays on its version, intact, with the reasons why.
   */
  async migrate(user: User, definitionKey: string, request: MigrationRequest): Promise<MigrationResult[]> {
    const plan = await this.plan(definitionKey, request);
    const results: MigrationResult[] = [];
    // One at a time: each recovers an engine, and a large batch must not recover them all at once.
    for (const instanceId of plan.instanceIds ?? []) {
      results.push(await this.migrateOne(user, plan, instanceId));
    }
    return results;
  }

  private async plan(definitionKey: string, request: MigrationDryRunRequest): Promise<MigrationPlan> {
    checkVersionOrder(request);
    for (const version of [request.fromVersion, request.toVersion]) {
      if (!this.deps.definitions.version(definitionKey, version)) {
        throw new NotFoundError(`Versie ${version} van proces "${definitionKey}" bestaat niet.`);
      }
    }
    const [from, to] = await Promise.all([
      this.deps.definitions.model(definitionKey, request.fromVersion),
      this.deps.definitions.model(definitionKey, request.toVersion),
    ]);
    return planMigration(definitionKey, request, from, to);
  }

  private activeInstancesOf(definitionKey: string, version: number): string[] {
    const ids: string[] = [];
    for (const summary of this.deps.work.index.allInstances()) {
      if (summary.definitionKey === definitionKey && summary.version === version && summary.state === 'active')
        ids.push(summary.id);
    }
    return ids;
  }

  private async migrateOne(user: User, plan: MigrationPlan, instanceId: string): Promise<MigrationResult> {
    const { index } = this.deps.work;
    const summary = index.instance(instanceId);
    const meta = summary ? index.caseOf(summary.caseId) : undefined;
    const first = checkInstance(plan, instanceId, summary);
    if (!first.canMigrate || !summary || !meta) return { ...first, migrated: false };
    try {
      return await this.deps.work.act(summary.caseId, user.id, meta.team, async (tx) => {
        // Checked again under the lock: the case may have moved on since the check above.
        const check = checkInstance(plan, instanceId, tx.document.instances[instanceId]);
        if (!check.canMigrate) return { ...check, migrated: false };
        await tx.migrate(instanceId, plan.toVersion, plan.mapping);
        return { ...check, migrated: true };
      });
    } catch (error) {
      // The action failed as a whole, so the stored case is as it was: report, and go on with the next.
      const reason =
        error instanceof MigrationMismatch
          ? {
              code: 'state-mismatch',
              message: `Op de nieuwe versie zou de instantie bij ${error.actual.join(', ') || 'niets'} staan in plaats van bij ${error.expected.join(', ')}; ze blijft op haar versie.`,
            }
          : isDomainError(error)
            ? { code: 'refused', message: error.message }
            : {
                code: 'migration-failed',
                message: 'De migratie van deze instantie is mislukt; ze blijft ongewijzigd op haar versie.',
              };
      if (!(error instanceof MigrationMismatch) && !isDomainError(error))
        console.error(`migrating instance ${instanceId} failed`, error);
      return { ...first, canMigrate: false, reasons: [reason], migrated: false };
    }
  }
}
