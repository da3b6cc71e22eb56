import type { SessionService } from '../auth/session-service';
import type { CaseUnitOfWork } from '../cases/case-unit-of-work';
import type { TeamRegistry } from '../cases/team-registry';
import type { DefinitionRegistry } from '../definitions/definition-registry';
import type { FormRegistry } from '../forms/form-registry';
import type { Cluster, ClusterChange } from '../store/cluster';

export interface Followers {
  work: CaseUnitOfWork;
  sessions: SessionService;
  teams: TeamRegistry;
  definitions: DefinitionRegistry;
  forms: FormRegistry;
  /** Cuts off this node's live connections whose session ended or whose user was deactivated. */
  cutOffEnded(): void;
  /** A stored setting changed (e.g. the test clock's offset). */
  settingChanged(name: string): Promise<void>;
}

/**
 * Keeps what this node holds in memory in step with the other nodes on the same store. A case's
 * change is applied under that case's lock (CaseUnitOfWork.changedElsewhere); every other change
 * re-reads what it concerns, one after the other, so an older read never lands after a newer one.
 * A change that cannot be applied is logged: this node then serves it from the store at the next
 * change or restart, as it would after a lost message.
 */
export function followOtherNodes(cluster: Cluster, followers: Followers): void {
  let others: Promise<void> = Promise.resolve();
  const apply = async (change: ClusterChange): Promise<void> => {
    switch (change.kind) {
      case 'case':
        return; // handled apart, per case
      case 'users':
      case 'sessions':
      case 'session-ended':
        await followers.sessions.changedElsewhere(change);
        followers.cutOffEnded();
        return;
      case 'teams':
        return followers.teams.load();
      case 'definitions':
        return followers.definitions.load();
      case 'forms':
        return followers.forms.load();
      case 'settings':
        return followers.settingChanged(change.name);
    }
  };
  cluster.onChange((change) => {
    if (change.kind === 'case') {
      followers.work
        .changedElsewhere(change.caseId, change.revision)
        .catch((error: unknown) => console.error(`could not follow case ${change.caseId} from another node`, error));
      return;
    }
    others = others
      .then(() => apply(change))
      .catch((error: unknown) => console.error(`could not follow a change of another node (${change.kind})`, error));
  });
}
