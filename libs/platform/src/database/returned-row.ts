/**
 * The one row a statement must answer (an INSERT … RETURNING, a lookup of a row just checked);
 * none is a fault of the server, not of the caller's input, so it is an internal error.
 */
export function returnedRow<T>(rows: readonly T[], what: string): T {
  const [row] = rows;
  if (row === undefined) throw new Error(`${what} answered no row.`);
  return row;
}
