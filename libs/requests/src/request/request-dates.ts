import {
  addBusinessDays,
  businessDaysBetween,
  handlingStartsOn,
  plusDays,
  todayInJapan,
} from '@daicho/platform';

/** The three dates every request carries, stored when it arrives (never derived at read time). */
export interface RequestDates {
  /** Arrival day if a business day before 18:00 JST, else the next business day (policy). */
  handlingStartsOn: string;
  /** The internal target: so many business days from the day handling starts. */
  dueOn: string;
  /** Arrival + 14 calendar days: from then the person may sue (APPI art. 39). */
  art39On: string;
}

/** Days after arrival from which the person may bring a claim (APPI art. 39(1): two weeks). */
export const ART39_DAYS = 14;

export function requestDates(receivedAt: Date, targetBusinessDays: number): RequestDates {
  const starts = handlingStartsOn(receivedAt);
  return {
    handlingStartsOn: starts,
    dueOn: addBusinessDays(starts, targetBusinessDays),
    art39On: plusDays(todayInJapan(receivedAt), ART39_DAYS),
  };
}

/**
 * The business days a pause (waiting for the requester) took: those after the day it began up
 * to and including the day it ended. The internal target moves by as many; art. 39 does not.
 */
export const pausedBusinessDays = (pausedOn: string, resumedOn: string): number =>
  Math.max(0, businessDaysBetween(pausedOn, resumedOn));

export const dueAfterPause = (dueOn: string, pausedOn: string, resumedOn: string): string =>
  addBusinessDays(dueOn, pausedBusinessDays(pausedOn, resumedOn));

/**
 * Business days left to the internal target, for display: negative once overdue, and frozen at
 * the day a pause began while the request waits for the requester.
 */
export function businessDaysLeft(
  dueOn: string,
  today: string,
  pausedOn: string | null = null,
): number {
  return businessDaysBetween(pausedOn ?? today, dueOn);
}
