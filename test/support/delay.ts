// Waiting in tests, without pulling in anything that starts processes (see tiers.unit.test.ts).
export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
