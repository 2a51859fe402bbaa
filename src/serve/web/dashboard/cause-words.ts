// A check's cause as the list says it at a glance: the knowledge base's plain-words title
// ("The upstream refused the connection"), or the id itself for one this version does not know
// (a result stored by a newer whydown).
import { CAUSE_INFO, describeCause } from '../../../core/knowledge/causes.js';
import type { Cause } from '../../../core/model.js';

export function causeInWords(cause: string): string {
  return Object.hasOwn(CAUSE_INFO, cause) ? describeCause(cause as Cause).title : cause;
}
