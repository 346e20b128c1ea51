import type { GraphqlAnswer } from '../harness/test-app';
import { todayInJapan } from '@daicho/platform';

const FIELDS = 'id';
const STEPS = {
  receive: `mutation($input: ReceiveRequestInput!) { receiveRequest(input: $input) { ${FIELDS} } }`,
  check: `mutation($id: ID!, $input: RecordIdentityCheckInput!) { recordIdentityCheck(requestId: $id, input: $input) { ${FIELDS} } }`,
  fee: `mutation($id: ID!, $input: RecordFeePaymentInput!) { recordFeePayment(requestId: $id, input: $input) { ${FIELDS} } }`,
  match: `mutation($id: ID!, $s: [ID!]!) { matchRequestSubjects(requestId: $id, subjectIds: $s) { ${FIELDS} } }`,
};
/** Kinds that carry the fee of APPI art. 38. */
const FEE_KINDS = ['PURPOSE_NOTICE', 'DISCLOSURE', 'PROVISION_RECORDS'];

/** Sends a query as the CPO (or whoever runs the request's steps). */
export type AsCpo = (
  query: string,
  variables: Record<string, unknown>,
) => Promise<GraphqlAnswer<Record<string, { id: string }>>>;

/**
 * A request from the person taken to where it is decided: received by mail, the requester's
 * identity confirmed, the fee paid where the kind has one, matched to `subjectId`. Its id.
 */
export async function readyRequest(
  asCpo: AsCpo,
  kind: string,
  subjectId: string,
  extra: Record<string, unknown> = {},
): Promise<string> {
  const step = async (query: string, variables: Record<string, unknown>) => {
    const answer = await asCpo(query, variables);
    if (answer.errors) throw new Error(JSON.stringify(answer.errors));
    return Object.values(answer.data!)[0]!.id;
  };
  const id = await step(STEPS.receive, {
    input: {
      kind,
      channel: 'MAIL',
      receivedAt: '2026-12-01T10:00:00+09:00',
      requester: { name: '本人', address: '東京都千代田区1-1-1' },
      ...extra,
    },
  });
  await step(STEPS.check, {
    id,
    input: {
      subject: 'REQUESTER',
      documentType: 'DRIVERS_LICENSE',
      domicileBlackedOut: true,
      result: 'CONFIRMED',
    },
  });
  if (FEE_KINDS.includes(kind))
    await step(STEPS.fee, {
      id,
      input: {
        amount: 1000,
        method: 'POSTAL_MONEY_ORDER',
        receivedOn: todayInJapan(),
        reference: 'MO-7',
      },
    });
  await step(STEPS.match, { id, s: [subjectId] });
  return id;
}
