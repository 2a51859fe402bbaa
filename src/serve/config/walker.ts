// Typed reads over a YAML tree that remember where each value was written, so every problem is
// reported at its line and column. A read that fails records an issue and returns undefined, and
// the caller goes on: the user sees all problems at once, not one per run.
import { isAlias, isMap, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml';
import type { ConfigIssue } from './errors.js';
import { formatDuration, parseDuration } from './duration.js';
import { hint } from './suggest.js';

/** A value and where it is: `path` names it for people, `offset` locates it in the source. */
export interface Field {
  node: Node | null;
  path: string;
  offset: number | undefined;
}

export type Env = Readonly<Record<string, string | undefined>>;

export class Walker {
  readonly issues: ConfigIssue[] = [];

  constructor(
    readonly file: string,
    private readonly source: string,
    private readonly lines: LineCounter | undefined,
    private readonly doc: Document,
    /** Undefined: `${NAME}` stays as written (input from the API must not read the server's environment). */
    private readonly env: Env | undefined,
  ) {}

  root(): Field {
    const node = this.resolve(this.doc.contents as Node | null);
    return { node, path: '', offset: node?.range?.[0] ?? 0 };
  }

  fail(at: Field, message: string): undefined {
    this.failAt(at.offset, at.path, message);
    return undefined;
  }

  failAt(offset: number | undefined, path: string, message: string): void {
    const pos = offset !== undefined && this.lines ? this.lines.linePos(offset) : { line: 0, col: 0 };
    this.issues.push({ file: this.file, line: pos.line, col: pos.col, path, message });
  }

  /** The 1-based line of a field, 0 when it has none. */
  lineOf(field: Field): number {
    return field.offset !== undefined && this.lines ? this.lines.linePos(field.offset).line : 0;
  }

  /** The value as written, for messages: never the expansion of `${NAME}`, which may be a secret. */
  shown(field: Field): string {
    return describe(field.node);
  }

  isEmpty(field: Field): boolean {
    return field.node === null || (isScalar(field.node) && field.node.value === null);
  }

  /** The keys of a map, each checked against `allowed`; an empty value counts as an empty map. */
  map(field: Field, allowed: readonly string[], required: readonly string[] = []): Record<string, Field> | undefined {
    if (this.isEmpty(field)) {
      return required.length ? this.fail(field, `is empty; it needs ${required.map((k) => `"${k}"`).join(', ')}`) : {};
    }
    if (!isMap(field.node)) return this.fail(field, `expected a map (key: value), got ${describe(field.node)}`);
    const out: Record<string, Field> = Object.create(null);
    for (const [key, value] of this.pairs(field)) {
      if (!allowed.includes(key.name)) {
        this.failAt(key.offset, key.path, `unknown key${hint(key.name, allowed)}`);
      } else if (!Object.hasOwn(out, key.name)) {
        out[key.name] = value; // a repeated key was already reported by the YAML parser
      }
    }
    for (const key of required) if (!Object.hasOwn(out, key)) this.fail(field, `"${key}" is missing`);
    return out;
  }

  /** A map with keys of the user's choosing (headers). */
  pairs(field: Field): [{ name: string; offset: number | undefined; path: string }, Field][] {
    if (this.isEmpty(field)) return [];
    if (!isMap(field.node)) return this.fail(field, `expected a map (key: value), got ${describe(field.node)}`) ?? [];
    const out: [{ name: string; offset: number | undefined; path: string }, Field][] = [];
    for (const pair of field.node.items) {
      const keyNode = this.resolve(pair.key as Node | null);
      const offset = keyNode?.range?.[0] ?? field.offset;
      if (!isScalar(keyNode) || keyNode.value === null) {
        this.failAt(offset, field.path, 'keys must be plain words');
        continue;
      }
      const name = String(keyNode.value);
      const path = field.path ? `${field.path}.${name}` : name;
      const node = this.resolve(pair.value as Node | null);
      // An empty value (`timeout:`) has no place of its own: point at its key.
      const at = node && !(isScalar(node) && node.value === null) ? (node.range?.[0] ?? offset) : offset;
      out.push([{ name, offset, path }, { node, path, offset: at }]);
    }
    return out;
  }

  /** The items of a list; an empty value counts as an empty list, a single scalar is an error. */
  list(field: Field): Field[] | undefined {
    if (this.isEmpty(field)) return [];
    if (!isSeq(field.node)) return this.fail(field, `expected a list, got ${describe(field.node)}`);
    return field.node.items.map((item, i) => {
      const node = this.resolve(item as Node | null);
      return { node, path: `${field.path}[${i}]`, offset: node?.range?.[0] ?? field.offset };
    });
  }

  /** Text, with `${ENV_NAME}` replaced; a plain number or boolean is taken as written (`0123`). */
  string(field: Field): string | undefined {
    const node = field.node;
    if (!isScalar(node) || node.value === null) return this.fail(field, `expected text, got ${describe(node)}`);
    const raw = typeof node.value === 'string' ? node.value : node.range ? this.source.slice(node.range[0], node.range[1]) : String(node.value);
    return this.substitute(field, raw);
  }

  boolean(field: Field): boolean | undefined {
    const node = field.node;
    if (isScalar(node) && typeof node.value === 'boolean') return node.value;
    return this.fail(field, `expected true or false, got ${describe(node)}`);
  }

  integer(field: Field, min: number, max: number): number | undefined {
    const node = field.node;
    const value = isScalar(node) ? node.value : undefined;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      return this.fail(field, `expected a whole number from ${min} to ${max}, got ${describe(node)}`);
    }
    return value;
  }

  /** Milliseconds between `min` and `max`; `what` names the setting in the bound messages. */
  duration(field: Field, what: string, min: number, max: number): number | undefined {
    const node = field.node;
    const value = isScalar(node) && typeof node.value === 'number' ? node.value : this.string(field);
    if (value === undefined) return undefined;
    const ms = parseDuration(value);
    const shown = this.shown(field);
    if (ms === undefined) return this.fail(field, `${shown} is not a duration (use 30s, 5m, 1h)`);
    if (ms < min) return this.fail(field, `${shown} is too short: the ${what} must be at least ${formatDuration(min)}`);
    if (ms > max) return this.fail(field, `${shown} is too long: the ${what} must be at most ${formatDuration(max)}`);
    return ms;
  }

  private substitute(field: Field, text: string): string | undefined {
    const env = this.env;
    if (env === undefined) return text;
    let ok = true;
    const out = text.replace(/\$\$\{|\$\{([^}]*)\}/g, (match, name: string | undefined) => {
      if (name === undefined) return '${'; // `$${` writes a literal `${`
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
        ok = false;
        this.fail(field, `"${match}" is not an environment variable reference (use \${NAME}, or $\${ for a literal "\${")`);
      } else if (env[name] === undefined) {
        ok = false;
        this.fail(field, `environment variable ${name} is not set`);
      }
      return env[name] ?? '';
    });
    return ok ? out : undefined;
  }

  private resolve(node: Node | null | undefined): Node | null {
    if (node && isAlias(node)) return (node.resolve(this.doc) as Node | undefined) ?? null;
    return node ?? null;
  }
}

export function describe(node: Node | null): string {
  if (isMap(node)) return 'a map';
  if (isSeq(node)) return 'a list';
  if (!isScalar(node) || node.value === null || node.value === undefined) return 'nothing';
  return typeof node.value === 'string' ? JSON.stringify(node.value) : String(node.value);
}
