import { retentionDue } from './retention-due';

describe('retention due dates', () => {
  it('adds the period to the trigger event, calendar-aware', () => {
    expect(retentionDue(new Date('2026-01-31T00:00:00+09:00'), 'P1M')?.toISOString()).toBe(
      '2026-02-27T15:00:00.000Z',
    );
    expect(retentionDue(new Date('2024-02-29T09:00:00+09:00'), 'P1Y')?.toISOString()).toBe(
      '2025-02-28T00:00:00.000Z',
    );
    expect(retentionDue(new Date('2026-04-01T00:00:00Z'), 'P30D')?.toISOString()).toBe(
      '2026-05-01T00:00:00.000Z',
    );
  });
  it('has no due date while the event has not happened', () => {
    expect(retentionDue(null, 'P7Y')).toBeNull();
  });
});
