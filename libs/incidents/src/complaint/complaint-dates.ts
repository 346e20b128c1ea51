import { addBusinessDays, handlingStartsOn } from '@daicho/platform';

/**
 * A complaint's target date, stored when it arrives: COMPLAINT_TARGET_BUSINESS_DAYS business days
 * from the day handling starts (the day it arrives if a business day before closing time, else
 * the next business day: the same convention as requests). APPI art. 40 and policy §8 ask for a
 * prompt and appropriate answer and set no number of days; the target is the company's own.
 */
export function complaintTargetOn(receivedAt: Date, targetBusinessDays: number): string {
  return addBusinessDays(handlingStartsOn(receivedAt), targetBusinessDays);
}
