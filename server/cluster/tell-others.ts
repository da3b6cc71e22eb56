import type { Cluster, ClusterChange } from '../store/cluster';

/**
 * Tells the other nodes on the store about a durable change, so they refresh what they hold in
 * memory. The change stands either way: a message that could not be sent only delays their
 * refresh, so a failure is logged, not thrown. One node on its own store has nobody to tell.
 */
export async function tellOthers(cluster: Cluster, change: ClusterChange): Promise<void> {
  if (!cluster.shared) return;
  try {
    await cluster.publish(change);
  } catch (error) {
    console.error(`could not tell the other nodes about a change (${change.kind})`, error);
  }
}
