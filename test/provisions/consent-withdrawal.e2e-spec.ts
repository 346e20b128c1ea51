import { Role } from '../harness/test-app';
import { provisionsFixture, RECORD_PROVISION } from './provisions-fixture';

const CONSENTS = `query($s: ID!) { consents(subjectId: $s) { edges { node { id withdrawnAt handOffsSinceWithdrawal } } } }`;
const WITHDRAW = `mutation($id: ID!, $at: DateTime!) { withdrawConsent(id: $id, withdrawnAt: $at) { withdrawnAt handOffsSinceWithdrawal } }`;

/**
 * A consent withdrawn while a hand-off relying on it is being recorded, and a withdrawal dated
 * before hand-offs already made (APPI art. 27(1): provision needs the consent at the time).
 */
describe('consent withdrawal against hand-offs', () => {
  const f = provisionsFixture();
  const consentOf = async (subjectId: string) => {
    const list = await f.gql<{ consents: { edges: { node: { id: string } }[] } }>(
      Role.HR,
      CONSENTS,
      { s: subjectId },
    );
    expect(list.errors).toBeUndefined();
    return list.data!.consents.edges[0]!.node.id;
  };

  it('makes a hand-off wait for a withdrawal in progress, then refuses it', async () => {
    const subject = f.employees[0]!;
    const consentId = await consentOf(subject);
    // A withdrawal holds the consent's row (as withdrawConsent does) and has not committed.
    const withdrawal = f.t.dataSource.createQueryRunner();
    await withdrawal.connect();
    await withdrawal.startTransaction();
    await withdrawal.query(`SELECT 1 FROM consents WHERE id = $1 FOR UPDATE`, [consentId]);
    let settled = false;
    const handOff = f.gql(Role.HR, RECORD_PROVISION, f.badge([subject])).finally(() => {
      settled = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 1000));
    // Read unlocked, the hand-off would have gone already on the consent about to be withdrawn.
    expect(settled).toBe(false);
    await withdrawal.query(
      `UPDATE consents SET withdrawn_at = now(), withdrawal_recorded_by = 'test' WHERE id = $1`,
      [consentId],
    );
    await withdrawal.commitTransaction();
    await withdrawal.release();
    const answer = await handOff;
    expect(answer.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(answer.errors?.[0]?.message).toContain('has no consent');
    const [handed] = await f.t.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM provision_subjects WHERE consent_id = $1`,
      [consentId],
    );
    expect(handed!.n).toBe(0);
  });

  it('records a withdrawal on the day it was made and counts the hand-offs made since', async () => {
    const subject = f.employees[1]!;
    expect((await f.gql(Role.HR, RECORD_PROVISION, f.badge([subject]))).errors).toBeUndefined();
    const consentId = await consentOf(subject);
    // The person's letter of withdrawal is dated three days ago; the badge went out today.
    const wrote = new Date(Date.now() - 3 * 24 * 3600 * 1000).toISOString();
    const answer = await f.gql<{
      withdrawConsent: { withdrawnAt: string; handOffsSinceWithdrawal: number };
    }>(Role.HR, WITHDRAW, { id: consentId, at: wrote });
    expect(answer.errors).toBeUndefined();
    expect(answer.data!.withdrawConsent).toEqual({
      withdrawnAt: wrote,
      handOffsSinceWithdrawal: 1,
    });
    await f.t.sealLedger();
    const [entry] = await f.t.ledgerRows(`action = 'CONSENT_WITHDRAWN' AND target_id = $1`, [
      consentId,
    ]);
    expect(entry!.details).toMatchObject({ handOffsSinceWithdrawal: 1 });
    // The CPO sees it on the consent afterwards too.
    const listed = await f.gql<{
      consents: { edges: { node: { id: string; handOffsSinceWithdrawal: number } }[] };
    }>(Role.CPO, CONSENTS, { s: subject });
    expect(listed.data!.consents.edges.map((e) => e.node.handOffsSinceWithdrawal)).toEqual([1]);
    // A consent withdrawn with nothing handed over since counts none.
    const other = await consentOf(f.employees[2]!);
    const clean = await f.gql<{ withdrawConsent: { handOffsSinceWithdrawal: number } }>(
      Role.HR,
      WITHDRAW,
      { id: other, at: new Date().toISOString() },
    );
    expect(clean.data!.withdrawConsent.handOffsSinceWithdrawal).toBe(0);
  });
});
