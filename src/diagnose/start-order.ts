// The order the checklist's steps start in. A step reads another's evidence (context.need) while
// its own requests are in flight, so it needs the other step *started*, not finished: the cache
// step's bypass request runs beside the reloads, and the logs step notes where each log ends as
// the run's first requests go out (waiting for them to finish would miss their lines). Starting every step after the steps it needs, with
// no cycle among them, means every need names a promise that exists and none waits on itself:
// no order of the registry's list can deadlock.

/** What the order is computed from: each step's declared needs, by id. */
export type NeedsById = Readonly<Record<string, { readonly needs: readonly string[] }>>;

/**
 * Step ids in an order where each comes after everything it needs, keeping the listed order
 * wherever the needs allow. Throws a one-line Error naming a missing need or a cycle: a mistake
 * in the registry, found when it loads rather than as a hang during a diagnosis.
 */
export function startOrder(steps: NeedsById): string[] {
  const ids = Object.keys(steps);
  for (const id of ids) {
    for (const need of steps[id]!.needs) {
      if (need === id) throw new Error(`checklist: step "${id}" needs itself`);
      if (!Object.hasOwn(steps, need)) throw new Error(`checklist: step "${id}" needs "${need}", which is not a step`);
    }
  }
  const cycle = findCycle(steps, ids);
  if (cycle) throw new Error(`checklist: steps need each other in a cycle: ${cycle.join(' → ')}`);

  const placed = new Set<string>();
  const order: string[] = [];
  while (order.length < ids.length) {
    // The first listed step whose needs are all placed; one exists because there is no cycle.
    const next = ids.find((id) => !placed.has(id) && steps[id]!.needs.every((need) => placed.has(need)))!;
    placed.add(next);
    order.push(next);
  }
  return order;
}

/** A cycle of needs as a path that ends where it starts (a → b → a), or null. */
function findCycle(steps: NeedsById, ids: string[]): string[] | null {
  const done = new Set<string>();
  const path: string[] = [];
  const visit = (id: string): string[] | null => {
    const at = path.indexOf(id);
    if (at >= 0) return [...path.slice(at), id];
    if (done.has(id)) return null;
    path.push(id);
    for (const need of steps[id]!.needs) {
      const cycle = visit(need);
      if (cycle) return cycle;
    }
    path.pop();
    done.add(id);
    return null;
  };
  for (const id of ids) {
    const cycle = visit(id);
    if (cycle) return cycle;
  }
  return null;
}
