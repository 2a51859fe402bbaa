// A count with its noun in the right number, for log lines and messages: "1 monitor",
// "2 monitors", "0 checks" — never "1 monitors".

export function count(n: number, singular: string, plural = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : plural}`;
}
