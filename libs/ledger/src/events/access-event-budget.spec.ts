import { givenBackInTime } from './access-event-budget';

describe('access-event budget refunds', () => {
  const spent = { keyId: 'k', events: 100, minuteEndsAt: 60_000 };

  it('gives back within the minute the events were spent in', () => {
    expect(givenBackInTime(spent, 10_000)).toBe(true);
    expect(givenBackInTime(spent, 57_999)).toBe(true);
  });

  it('gives nothing back once that minute ended, or too near its end for every clock to agree', () => {
    // After the end the store would start the next minute at −100: room saved for a burst.
    expect(givenBackInTime(spent, 60_001)).toBe(false);
    expect(givenBackInTime(spent, 58_000)).toBe(false);
    expect(givenBackInTime(spent, 120_000)).toBe(false);
  });
});
