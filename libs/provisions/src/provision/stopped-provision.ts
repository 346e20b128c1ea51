import { recordDenial, type RequestContext } from '@daicho/access';
import { ForbiddenError } from '@daicho/platform';
import { ProvisionRoute } from '../provision-enums';
import type { ProvisionRuleRow } from '../rule/provision-rule.dto';
import type { CoveredSubject } from '../subject-coverage';

/**
 * The routes a person's stop of provision (APPI art. 35(3)) or suspension of use (art. 35(1))
 * closes: those that rest on the person's or the company's choice. Provision the law itself
 * requires or permits without consent (art. 27(1)(i)–(iv): a statutory inquiry, the police, a
 * threat to life) is not stopped by the person and still needs the CPO's approval.
 */
const STOPPABLE: ReadonlySet<ProvisionRoute> = new Set([
  ProvisionRoute.CONSENT,
  ProvisionRoute.BUSINESS_SUCCESSION,
  ProvisionRoute.JOINT_USE,
]);

/** A person's mark that closes a hand-off, and what the refusal tells. */
const MARKS = {
  PROVISION_STOPPED: {
    column: 'provision_stopped_at',
    told: 'asked the company to stop providing their data to third parties (APPI art. 35(3))',
  },
  USE_SUSPENDED: {
    column: 'use_suspended_at',
    told: 'asked the company to suspend the use of their data (APPI art. 35(1)); handing it on is a use',
  },
} as const;
type Mark = keyof typeof MARKS;

/**
 * The first of `subjects` marked with one of `marks`, read after the persons' rows are locked
 * (coveredSubjects, or an approval's lock), so a mark committed meanwhile is seen.
 */
async function firstMarked(
  ctx: RequestContext,
  subjects: readonly CoveredSubject[],
  marks: readonly Mark[],
): Promise<{ index: number; mark: Mark } | null> {
  if (subjects.length === 0) return null;
  const rows = await ctx.manager.query<
    { id: string; provision_stopped: boolean; use_suspended: boolean }[]
  >(
    `SELECT id, provision_stopped_at IS NOT NULL AS provision_stopped,
            use_suspended_at IS NOT NULL AS use_suspended
       FROM data_subjects WHERE id = ANY($1::uuid[])
        AND (provision_stopped_at IS NOT NULL OR use_suspended_at IS NOT NULL)`,
    [subjects.map((s) => s.subjectId)],
  );
  const markOf = (row: (typeof rows)[number]): Mark | undefined =>
    marks.find((m) => (m === 'PROVISION_STOPPED' ? row.provision_stopped : row.use_suspended));
  for (const [index, s] of subjects.entries()) {
    const row = rows.find((r) => r.id === s.subjectId);
    const mark = row && markOf(row);
    if (mark) return { index, mark };
  }
  return null;
}

/**
 * Refuses (FORBIDDEN, recorded) a hand-off naming a person who stopped provision to third
 * parties or suspended use. `approving` is the provision whose approval is refused, when the
 * hand-off was recorded earlier and waited for the CPO (it goes only on approval).
 */
export async function refuseStoppedProvision(
  ctx: RequestContext,
  rule: Pick<ProvisionRuleRow, 'route' | 'code'>,
  subjects: readonly CoveredSubject[],
  field: string,
  approving?: string,
): Promise<void> {
  if (!STOPPABLE.has(rule.route)) return;
  const found = await firstMarked(ctx, subjects, ['PROVISION_STOPPED', 'USE_SUSPENDED']);
  if (!found) return;
  const person = subjects[found.index];
  throw await recordDenial(
    ctx,
    {
      operation: approving ? 'decide Provision' : 'create Provision',
      type: 'Provision',
      id: approving,
      subjectId: person?.subjectId,
      categoryCode: person?.categoryCode,
      reason: found.mark,
    },
    new ForbiddenError(
      `${field}[${found.index}] ${MARKS[found.mark].told}; nothing was recorded.${approving ? ' Reject the provision instead.' : ''}`,
    ),
  );
}

/**
 * Refuses (FORBIDDEN, recorded) an entrustment naming a person who suspended use: a contractor
 * handling the data on the company's behalf is the company using it (art. 35(1)). A stop of
 * provision does not close it: entrustment is not provision to a third party (art. 27(5)(i)).
 */
export async function refuseSuspendedEntrustment(
  ctx: RequestContext,
  subjects: readonly CoveredSubject[],
  field: string,
): Promise<void> {
  const found = await firstMarked(ctx, subjects, ['USE_SUSPENDED']);
  if (!found) return;
  const person = subjects[found.index];
  throw await recordDenial(
    ctx,
    {
      operation: 'create Entrustment',
      type: 'Entrustment',
      subjectId: person?.subjectId,
      categoryCode: person?.categoryCode,
      reason: found.mark,
    },
    new ForbiddenError(`${field}[${found.index}] ${MARKS[found.mark].told}; nothing was recorded.`),
  );
}
