/** Who saved a form version, by name; the product's own forms are saved by the system at start-up. */
export function actorName(names: ReadonlyMap<string, string>, userId: string): string {
  if (userId === 'systeem') return 'het systeem';
  return names.get(userId) ?? userId;
}
