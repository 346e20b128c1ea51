import { RequestStatus } from '../request-enums';
import { lacking, settle, type Completeness } from './request-progress';
import { MissingItem } from './request-row';

const row = {
  status: RequestStatus.RECEIVED,
  due_on: '2026-12-22',
  paused_on: null,
  missing: [] as MissingItem[],
  fee_paid: 0,
  closed_at: null,
};
const nothingYet: Completeness = {
  requesterConfirmed: false,
  agentConfirmed: null,
  feeRequired: true,
  feeAmount: 1000,
  feePaid: 0,
};
const complete: Completeness = { ...nothingYet, requesterConfirmed: true, feePaid: 1000 };

describe('a request’s progress', () => {
  it('lists what is lacking: identity, agency (only with an agent), the fee (only when charged)', () => {
    expect(lacking(nothingYet)).toEqual([MissingItem.IDENTITY_DOCUMENT, MissingItem.FEE]);
    expect(lacking({ ...nothingYet, agentConfirmed: false, feeRequired: false })).toEqual([
      MissingItem.IDENTITY_DOCUMENT,
      MissingItem.AGENCY_DOCUMENT,
    ]);
    expect(lacking({ ...complete, feePaid: 999 })).toEqual([MissingItem.FEE]);
    expect(lacking(complete)).toEqual([]);
  });

  it('waits as RECEIVED until checked, without pausing the clock', () => {
    const s = settle(row, nothingYet, [], '2026-12-09');
    expect(s.state).toMatchObject({ status: RequestStatus.RECEIVED, paused_on: null });
    expect(s.changed).toBe(false);
  });

  it('pauses when something asked for is lacking, and resumes with the target moved', () => {
    const paused = settle(row, nothingYet, [MissingItem.FEE], '2026-12-09');
    expect(paused.state).toMatchObject({
      status: RequestStatus.INCOMPLETE,
      paused_on: '2026-12-09',
      missing: [MissingItem.FEE],
      due_on: '2026-12-22',
    });
    // A second step while paused keeps the first pause day.
    const still = settle({ ...row, ...paused.state }, nothingYet, [], '2026-12-10');
    expect(still.state.paused_on).toBe('2026-12-09');
    const resumed = settle({ ...row, ...paused.state }, complete, [], '2026-12-14');
    expect(resumed.state).toMatchObject({
      status: RequestStatus.IN_PROGRESS,
      paused_on: null,
      missing: [],
      due_on: '2026-12-25',
    });
    expect(resumed.resumed).toEqual({
      pausedOn: '2026-12-09',
      resumedOn: '2026-12-14',
      businessDays: 3,
    });
  });

  it('goes back to RECEIVED (clock running) when what was asked arrived but checks remain', () => {
    const paused = settle(row, nothingYet, [MissingItem.FEE], '2026-12-09');
    const feePaid = settle(
      { ...row, ...paused.state },
      { ...nothingYet, feePaid: 1000 },
      [],
      '2026-12-10',
    );
    expect(feePaid.state).toMatchObject({ status: RequestStatus.RECEIVED, paused_on: null });
    expect(feePaid.state.due_on).toBe('2026-12-23');
  });

  it('is IN_PROGRESS once complete', () => {
    expect(settle(row, complete, [], '2026-12-09').state.status).toBe(RequestStatus.IN_PROGRESS);
  });
});
