// SQL shared by both stores, written once with `:name` parameters and compiled per dialect:
// PostgreSQL takes `$1, $2, …`, better-sqlite3 takes `@name` with an object.

export type DialectName = 'sqlite' | 'postgres';

export interface Dialect {
  name: DialectName;
  /** Scalar smallest / largest of two or more values. */
  least: string;
  greatest: string;
}

export const SQLITE: Dialect = { name: 'sqlite', least: 'MIN', greatest: 'MAX' };
export const POSTGRES: Dialect = { name: 'postgres', least: 'LEAST', greatest: 'GREATEST' };

export type Params = Record<string, string | number | null>;

export interface Compiled {
  text: string;
  /** For PostgreSQL: the parameter names in `$n` order. */
  names: string[];
}

const PARAM = /(?<![:\w]):([a-z][a-zA-Z0-9_]*)/g;

export function compile(sql: string, dialect: Dialect): Compiled {
  if (dialect.name === 'sqlite') return { text: sql.replace(PARAM, '@$1'), names: [] };
  const names: string[] = [];
  const text = sql.replace(PARAM, (_, name: string) => {
    let index = names.indexOf(name);
    if (index === -1) index = names.push(name) - 1;
    return `$${index + 1}`;
  });
  return { text, names };
}

export function bind(compiled: Compiled, params: Params): (string | number | null)[] {
  return compiled.names.map((name) => {
    const value = params[name];
    if (value === undefined) throw new Error(`SQL parameter :${name} not given`);
    return value;
  });
}
