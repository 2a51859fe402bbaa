// An import as whydown.yml text: a header saying where it came from and what did not carry over,
// then the monitors, each with its own notes as a comment above it.
import { Document, isMap, isSeq, type YAMLSeq } from 'yaml';
import type { ImportResult } from './common.js';

export function emitConfig(result: ImportResult): string {
  const header = [`Imported by \`whydown import\` from ${result.source}.`];
  if (result.notes.length > 0) {
    header.push('', 'Not carried over (add what you need by hand; see docs/serve.md):');
    for (const note of result.notes) header.push(`  - ${oneLine(note)}`);
  }
  header.push('', 'Check it with: whydown config check <this file>');
  const doc = new Document({ monitors: result.monitors.map((m) => m.config) });
  doc.commentBefore = header.map((line) => (line === '' ? '' : ` ${line}`)).join('\n');
  const seq = doc.get('monitors', true) as YAMLSeq | undefined;
  if (seq && isSeq(seq)) {
    seq.items.forEach((item, index) => {
      const monitor = result.monitors[index];
      const notes = [...(monitor?.comments ?? []), ...(monitor?.notes ?? [])];
      if (notes.length > 0 && isMap(item)) item.commentBefore = notes.map((note) => ` ${oneLine(note)}`).join('\n');
    });
  }
  return doc.toString({ lineWidth: 0 });
}

function oneLine(text: string): string {
  return text.replace(/[\r\n]+/g, ' ');
}
