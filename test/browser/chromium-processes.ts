// Counting the chromium processes this test file started, and only those: the machine is shared,
// and other runs start browsers too. Every process started from here inherits a marker in its
// environment, which /proc shows; a process that carries it and runs chromium is one of ours.
import { readdirSync, readFileSync } from 'node:fs';

export const MARK = `WHYDOWN_BROWSER_TEST=${process.pid}-${Math.random().toString(16).slice(2)}`;
const [markName, markValue] = MARK.split('=') as [string, string];
process.env[markName] = markValue;

/** Ids of the live chromium processes (any of its helpers) that carry this file's marker. */
export function ourChromiumProcesses(): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const comm = readFileSync(`/proc/${entry}/comm`, 'utf8');
      if (!/chrom/i.test(comm)) continue;
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (/\) Z /.test(stat)) continue; // a zombie holds no memory and is reaped by its parent
      const environ = readFileSync(`/proc/${entry}/environ`, 'utf8');
      if (environ.split('\0').includes(MARK)) found.push(Number(entry));
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
  return found;
}
