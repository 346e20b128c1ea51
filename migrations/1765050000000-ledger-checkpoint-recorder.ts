import type { MigrationInterface, QueryRunner } from 'typeorm';

const SAFE_PATH = 'pg_catalog, public, pg_temp';

/**
 * The runtime role writes no row of the ledger's tree, head or checkpoints itself. With INSERT on
 * them, a server's credentials could claim an interior node for a position not sealed yet (the
 * seal would then fail on it for good: the table is append-only), or a checkpoint for any size
 * and root, which every later verification would report as a fork and nobody could remove.
 * Sealing already writes the tree and the head as the owner (ledger_seal); a checkpoint is now
 * recorded by ledger_record_checkpoint, which takes only the head as it stands (size and root)
 * and a note whose body names that size, root and time, issued after the last one: what a row
 * can then be wrong about is its signature, which PostgreSQL cannot check (no Ed25519) and the
 * verifier does, against the key it was given.
 */
export class LedgerCheckpointRecorder1765050000000 implements MigrationInterface {
  name = 'LedgerCheckpointRecorder1765050000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`SET LOCAL daicho.migration = 'on'`);
    await q.query(`
      CREATE FUNCTION ledger_record_checkpoint(tree_size bigint, root bytea, issued_at timestamptz,
                                               note text) RETURNS void
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = ${SAFE_PATH} AS $$
      DECLARE
        head_size bigint;
        head_root bytea;
      BEGIN
        -- The head cannot move under this (ledger_seal takes it FOR UPDATE).
        SELECT h.size, h.root INTO head_size, head_root FROM ledger_head h FOR SHARE;
        IF tree_size IS DISTINCT FROM head_size OR root IS DISTINCT FROM head_root THEN
          RAISE EXCEPTION 'daicho ledger: a checkpoint signs the head as it stands (size %)',
            head_size USING ERRCODE = 'DL003';
        END IF;
        -- The note's body: origin, size, root in base64, time (libs/ledger checkpointBody).
        IF split_part(note, E'\\n', 2) IS DISTINCT FROM tree_size::text
           OR split_part(note, E'\\n', 3) IS DISTINCT FROM encode(root, 'base64') THEN
          RAISE EXCEPTION 'daicho ledger: the note does not name the size and root it is stored with'
            USING ERRCODE = 'DL003';
        END IF;
        -- Issued after the last one and not in the future, at the time its note names: a row
        -- dated otherwise would read as out of order to every later verification.
        IF issued_at IS NULL OR issued_at > now() + interval '5 minutes'
           OR issued_at <= (SELECT max(c.issued_at) FROM ledger_checkpoints c)
           OR split_part(note, E'\\n', 4) IS DISTINCT FROM
              'time ' || to_char(issued_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') THEN
          RAISE EXCEPTION 'daicho ledger: a checkpoint is issued after the last one, at its note''s time'
            USING ERRCODE = 'DL003';
        END IF;
        INSERT INTO ledger_checkpoints AS c (tree_size, root, issued_at, note)
          VALUES (tree_size, root, issued_at, note);
      END $$`);
    await q.query(
      `ALTER FUNCTION ledger_record_checkpoint(bigint, bytea, timestamptz, text) OWNER TO daicho_owner`,
    );
    await q.query(
      `REVOKE ALL ON FUNCTION ledger_record_checkpoint(bigint, bytea, timestamptz, text) FROM PUBLIC`,
    );
    await q.query(
      `GRANT EXECUTE ON FUNCTION ledger_record_checkpoint(bigint, bytea, timestamptz, text) TO daicho_app`,
    );
    await q.query(
      `REVOKE INSERT ON ledger_checkpoints, ledger_head, ledger_tree_nodes FROM daicho_app`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`SET LOCAL daicho.migration = 'on'`);
    await q.query(
      `GRANT INSERT ON ledger_checkpoints, ledger_head, ledger_tree_nodes TO daicho_app`,
    );
    await q.query(`DROP FUNCTION ledger_record_checkpoint(bigint, bytea, timestamptz, text)`);
  }
}
