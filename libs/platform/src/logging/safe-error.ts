/**
 * What a log line keeps of an error: name, message, SQLSTATE and stack. Driver and TypeORM errors
 * also carry the query, its parameters and the server's detail ("Key (email)=(…)"): personal
 * data, and stored answers, that must not reach the logs. pino's default error serializer copies
 * every enumerable field, so every logger uses this one instead.
 */
export function safeErrorFields(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { type: typeof error };
  const sqlState = (error as { code?: unknown }).code;
  return {
    type: error.name,
    message: error.message,
    sqlState: typeof sqlState === 'string' ? sqlState : undefined,
    stack: error.stack,
  };
}
