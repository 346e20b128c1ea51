/**
 * Settings the ledger's own connections (the sequencer's, the verification threads') fix when
 * they connect, and the verifier's pooled reads fix for their transaction, whatever the database
 * or role sets: names resolve to the built-in types and functions and the ledger's own tables
 * (pg_temp last, as in the definer functions), text arrives as UTF-8, and timestamps print in ISO
 * form where the sealer reads them as text. A `search_path` or `DateStyle` set on the database
 * must neither make the verifier read another table nor the sealer hash another spelling.
 */
export const PINNED_SESSION_OPTIONS =
  '-c search_path=pg_catalog,public,pg_temp -c client_encoding=UTF8 -c DateStyle=ISO';

/** The same for a transaction on a pooled connection (undone at its end). */
export const PINNED_TRANSACTION_SQL =
  "SET LOCAL search_path = pg_catalog, public, pg_temp; SET LOCAL client_encoding = 'UTF8'; SET LOCAL DateStyle = 'ISO'";
