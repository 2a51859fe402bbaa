// Runs async work over a list with a bound on how much is in flight (the engine's start-up
// stores config monitors this way: thousands at once would swamp the store).

/** Runs `work` over `items` with at most `limit` in flight; the first failure stops new ones and rejects. */
export async function eachLimited<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failed = false;
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (!failed && next < items.length) {
      const item = items[next++]!;
      try {
        await work(item);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  }));
}
