/**
 * Numbered parameters (`$1`, `$2`, …) and the AND-ed conditions of one raw SQL statement, built in
 * one place: a condition names its placeholders through the callback, never by string surgery, so
 * a value can only ever reach the database as a parameter.
 */
export class SqlParams {
  private readonly parts: string[] = [];
  readonly values: unknown[] = [];

  /** Continues after a condition that already holds `$1…$n` (e.g. the role's rules as SQL). */
  static after(condition: { text: string; values: readonly unknown[] }): SqlParams {
    const params = new SqlParams();
    params.values.push(...condition.values);
    params.parts.push(condition.text);
    return params;
  }

  /** A value's placeholder. */
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }

  /** Adds a condition over new values: `sql` gets their placeholders, in order. */
  where(sql: (...placeholders: string[]) => string, ...values: unknown[]): this {
    this.parts.push(sql(...values.map((value) => this.add(value))));
    return this;
  }

  /** The conditions AND-ed (TRUE when there are none). */
  conditions(): string {
    return this.parts.length ? this.parts.join(' AND ') : 'TRUE';
  }
}
