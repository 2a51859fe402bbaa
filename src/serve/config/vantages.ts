// `vantages:` (the agents a hub accepts, each with its own token), a monitor's `vantages: [...]`
// and `confirm: {vantages: 2 | 50%}`. Tokens are hashed as soon as they are read: the hub
// compares hashes (in constant time), so no token stays in memory, in the store or in a log.
import { createHash } from 'node:crypto';
import { isScalar } from 'yaml';
import { hint } from './suggest.js';
import type { VantageAgreement, VantageConfig } from './types.js';
import { claimName, readName } from './values.js';
import type { Field, Walker } from './walker.js';

/** The hub's own checks: always there, needs no token. */
export const LOCAL_VANTAGE = 'local';

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export function readVantages(w: Walker, field: Field): VantageConfig[] {
  const taken = new Map<string, Field>();
  const vantages: VantageConfig[] = [];
  for (const item of w.list(field) ?? []) {
    const f = w.map(item, ['name', 'token'], ['name', 'token']);
    if (!f) continue;
    const name = f.name && readName(w, f.name);
    if (name === LOCAL_VANTAGE && f.name) {
      w.fail(f.name, `"${LOCAL_VANTAGE}" is the hub's own vantage and needs no agent; choose another name`);
      continue;
    }
    claimName(w, taken, name, f.name);
    const token = f.token && w.string(f.token);
    // At least 16 characters: a token is the vantage's only key, and a short one is guessed.
    if (token !== undefined && f.token && !/^[\x21-\x7e]{16,}$/.test(token)) {
      w.fail(f.token, 'a vantage token must be at least 16 visible ASCII characters, without spaces');
      continue;
    }
    if (name && token) vantages.push({ name, tokenHash: hashToken(token) });
  }
  const hashes = new Set<string>();
  for (const v of vantages) {
    // One token for two vantages would let either agent speak for the other.
    if (hashes.has(v.tokenHash)) w.fail(field, `two vantages share a token; give each its own (${v.name})`);
    hashes.add(v.tokenHash);
  }
  return vantages;
}

/** A monitor's `vantages: [local, fra-1]`: names of `vantages:` entries, or `local`. */
export function readMonitorVantages(w: Walker, field: Field, known: readonly string[]): string[] {
  const names = [LOCAL_VANTAGE, ...known];
  const out: string[] = [];
  for (const item of w.list(field) ?? []) {
    const name = w.string(item);
    if (name === undefined) continue;
    if (!names.includes(name)) {
      const why = known.length === 0 ? ' (the top-level vantages: list is empty)' : hint(name, names);
      w.fail(item, `${w.shown(item)} is not a vantage${why}`);
    } else if (!out.includes(name)) out.push(name);
  }
  if (out.length === 0 && (w.list(field)?.length ?? 0) === 0) w.fail(field, 'a monitor needs at least one vantage (leave the key out for [local])');
  return out;
}

/** `vantages: 2` (that many agree) or `vantages: 50%` (that share of the online vantages). */
export function readAgreement(w: Walker, field: Field): VantageAgreement | undefined {
  if (isScalar(field.node) && typeof field.node.value === 'number') {
    const count = w.integer(field, 1, 100);
    return count === undefined ? undefined : { count };
  }
  const text = w.string(field);
  if (text === undefined) return undefined;
  const match = /^\s*(\d{1,3}(?:\.\d+)?)\s*%\s*$/.exec(text);
  const share = match ? Number(match[1]) / 100 : NaN;
  if (!(share > 0 && share <= 1)) return w.fail(field, `${w.shown(field)} is not a number of vantages (2) or a share of them (50%)`);
  return { share };
}

