import { rulesToAST } from '@casl/ability/extra';
import type { AppAbility } from './ability.factory';
import type { PolicyAction, PolicySubject } from './policy-rule';

type Condition = NonNullable<ReturnType<typeof rulesToAST>>;

/** How a condition field maps to a column; comparisons are only offered on NOT NULL columns. */
export interface SqlColumn {
  readonly column: string;
  readonly type: 'text' | 'integer' | 'uuid' | 'timestamptz';
  readonly nullable: boolean;
}

export interface SqlCondition {
  /** A boolean SQL expression (never NULL) with `$n` placeholders. */
  readonly text: string;
  readonly values: unknown[];
}

/** A rule the translator cannot express: the caller must refuse rather than guess. */
export class UntranslatableRule extends Error {}

/**
 * Pushes what an ability allows on a subject type into a SQL WHERE expression, so a list never
 * hands a user rows they may not see. Returns null when nothing is allowed. Every leaf is
 * two-valued (COALESCE … false / IS [NOT] NULL) so that NOT behaves as CASL's inverted rules do;
 * operators or fields without a mapping throw instead of being dropped.
 */
export function rulesToSql(
  ability: AppAbility,
  action: PolicyAction,
  subjectType: PolicySubject,
  columns: Readonly<Record<string, SqlColumn>>,
  firstPlaceholder = 1,
): SqlCondition | null {
  const rules = ability.rulesFor(action, subjectType);
  if (rules.some((rule) => rule.fields)) {
    throw new UntranslatableRule(`${subjectType} has field rules; a row filter cannot honour them`);
  }
  const ast = rulesToAST(ability, action, subjectType);
  if (ast === null) return null;
  const values: unknown[] = [];
  const param = (value: unknown) => {
    values.push(value);
    return `$${firstPlaceholder + values.length - 1}`;
  };
  return { text: toSql(ast, columns, param), values };
}

/**
 * The rows of `subjectType` an ability may `action`, as a SQL condition: TRUE (no parameters) for
 * a role whose rules hold an unconditional one (the CPO, the auditor), the rules translated for a
 * role with conditions (a department's categories, its own rows), null for one that may see none.
 */
export function permittedRowsSql(
  ability: AppAbility,
  action: PolicyAction,
  subjectType: PolicySubject,
  columns: Readonly<Record<string, SqlColumn>>,
  firstPlaceholder = 1,
): SqlCondition | null {
  const rules = ability.rulesFor(action, subjectType);
  if (rules.length === 0) return null;
  if (rules.some((rule) => !rule.inverted && !rule.conditions)) return { text: 'TRUE', values: [] };
  return rulesToSql(ability, action, subjectType, columns, firstPlaceholder);
}

function toSql(
  node: Condition,
  columns: Readonly<Record<string, SqlColumn>>,
  param: (value: unknown) => string,
): string {
  const { operator, value } = node as { operator: string; value: unknown; field?: string };
  switch (operator) {
    case 'and':
    case 'or': {
      const parts = (value as Condition[]).map((child) => toSql(child, columns, param));
      if (parts.length === 0) return operator === 'and' ? 'TRUE' : 'FALSE';
      return `(${parts.join(operator === 'and' ? ' AND ' : ' OR ')})`;
    }
    case 'not':
      return `(NOT ${toSql((value as Condition[])[0], columns, param)})`;
  }
  const field = (node as { field?: string }).field ?? '';
  const column = Object.hasOwn(columns, field) ? columns[field] : undefined;
  if (!column) throw new UntranslatableRule(`no column for condition field "${field}"`);
  return leaf(operator, column, value, param);
}

function leaf(
  operator: string,
  { column, type, nullable }: SqlColumn,
  value: unknown,
  param: (value: unknown) => string,
): string {
  const inList = (list: unknown[]) => {
    const present = list.filter((v) => v !== null && v !== undefined);
    const parts = present.length
      ? [`COALESCE(${column} = ANY(${param(present)}::${type}[]), false)`]
      : [];
    if (present.length < list.length) parts.push(`${column} IS NULL`);
    return parts.length ? `(${parts.join(' OR ')})` : 'FALSE';
  };
  switch (operator) {
    case 'eq':
      return value === null
        ? `${column} IS NULL`
        : `COALESCE(${column} = ${param(value)}::${type}, false)`;
    case 'ne':
      return value === null
        ? `${column} IS NOT NULL`
        : `${column} IS DISTINCT FROM ${param(value)}::${type}`;
    case 'in':
      return inList(value as unknown[]);
    case 'nin':
      return `(NOT ${inList(value as unknown[])})`;
    case 'lt':
    case 'lte':
    case 'gt':
    case 'gte': {
      // CASL compares null as JavaScript does (null < 3); SQL does not. Only NOT NULL columns.
      if (nullable || value === null) {
        throw new UntranslatableRule(`"${operator}" on the nullable column ${column}`);
      }
      const sign = { lt: '<', lte: '<=', gt: '>', gte: '>=' }[operator];
      return `${column} ${sign} ${param(value)}::${type}`;
    }
    default:
      throw new UntranslatableRule(`operator "${operator}" is not translated to SQL`);
  }
}
