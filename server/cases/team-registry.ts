import { tellOthers } from '../cluster/tell-others';
import type { Team } from '../contract/api';
import { type Cluster, singleNode } from '../store/cluster';
import type { TeamStore } from '../store/store';

/**
 * The registered teams, in memory (a region has a handful) and in the store. Every case belongs
 * to one of these: a case is never made for a team that does not exist.
 */
export class TeamRegistry {
  private readonly teams = new Map<string, Team>();

  /** `cluster`: the nodes sharing the store, told of each change (by default, none). */
  constructor(
    private readonly store: TeamStore,
    private readonly cluster: Cluster = singleNode(),
  ) {}

  /** Reads the teams from the store; again after another node on the same store changed them. */
  async load(): Promise<void> {
    const teams = await this.store.all();
    this.teams.clear();
    for (const team of teams) this.teams.set(team.id, team);
  }

  get(id: string): Team | undefined {
    return this.teams.get(id);
  }

  /** By name, as lists show them. */
  all(): Team[] {
    return [...this.teams.values()].sort((a, b) => a.name.localeCompare(b.name, 'nl'));
  }

  get size(): number {
    return this.teams.size;
  }

  /** Durable first, then visible: a failed write leaves the registry as it was. */
  async put(team: Team): Promise<void> {
    await this.store.put(team);
    this.teams.set(team.id, team);
    await tellOthers(this.cluster, { kind: 'teams' });
  }

  /**
   * A data folder from before teams were registered has none, while its users and cases name
   * teams. Demo mode registers the demo region's teams; in either mode every team a user belongs
   * to is registered with its id as name and no region, so registering cases keeps working and a
   * beheerder can name them afterwards (README: Teams). Cases are not consulted on purpose: a
   * case made for a mistyped team before this check existed must not make that team real.
   */
  async registerMissing(seed: readonly Team[], userTeams: Iterable<string>): Promise<Team[]> {
    if (this.teams.size > 0) return [];
    const added: Team[] = [];
    for (const team of seed) {
      await this.put(team);
      added.push(team);
    }
    for (const id of new Set(userTeams)) {
      if (this.teams.has(id)) continue;
      const team = { id, name: id, region: '' };
      await this.put(team);
      added.push(team);
    }
    return added;
  }
}
