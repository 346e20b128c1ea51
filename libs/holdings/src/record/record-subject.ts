import { subject } from '@casl/ability';

/** A personal record as the policy sees it: its category and, when reading, the declared purpose. */
export function recordSubject(attributes: {
  categoryCode: string;
  purposeCode?: string;
}): Record<string, unknown> {
  const record: Record<string, unknown> = { ...attributes };
  return subject('PersonalRecord', record);
}
