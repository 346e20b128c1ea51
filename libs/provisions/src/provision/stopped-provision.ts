import { recordDenial, type RequestContext } from '@daicho/access';
import { ForbiddenError } from '@daicho/platform';
import { ProvisionRoute } from '../provision-enums';
import type { ProvisionRuleRow } from '../rule/provision-rule.dto';
import type { CoveredSubject } from '../subject-coverage';

/**
 * The routes a person's stop of provision closes (APPI art. 35(3)): those that rest on the
 * person or the company's choice. Provision the law itself requires or permits without consent
 * (art. 27(1)(i)–(iv)) is not provision in breach of art. 27(1), and still needs the CPO's approval.
 */
const STOPPABLE: ReadonlySet<ProvisionRoute> = new Set([
  ProvisionRoute.CONSENT,
  ProvisionRoute.BUSINESS_SUCCESSION,
  ProvisionRoute.JOINT_USE,
]);

/**
 * Refuses (FORBIDDEN, recorded) a hand-off naming a person who stopped provision to third
 * parties. Runs after the persons' rows are locked (coveredSubjects, or the approval's lock), so a
 * stop committed meanwhile is seen. `approving` is the provision whose approval is refused, when
 * the hand-off was recorded earlier and waited for the CPO (it goes only on approval).
 */
export async function refuseStoppedProvision(
  ctx: RequestContext,
  rule: Pick<ProvisionRuleRow, 'route' | 'code'>,
  subjects: readonly CoveredSubject[],
  field: string,
  approving?: string,
): Promise<void> {
  if (!STOPPABLE.has(rule.route) || subjects.length === 0) return;
  const stopped = await ctx.manager.query<{ id: string }[]>(
    `SELECT id FROM data_subjects WHERE id = ANY($1::uuid[]) AND provision_stopped_at IS NOT NULL`,
    [subjects.map((s) => s.subjectId)],
  );
  const first = subjects.findIndex((s) => stopped.some((row) => row.id === s.subjectId));
  if (first < 0) return;
  const person = subjects[first];
  throw await recordDenial(
    ctx,
    {
      operation: approving ? 'decide Provision' : 'create Provision',
      type: 'Provision',
      id: approving,
      subjectId: person?.subjectId,
      categoryCode: person?.categoryCode,
      reason: 'PROVISION_STOPPED',
    },
    new ForbiddenError(
      `${field}[${first}] asked the company to stop providing their data to third parties (APPI art. 35(3)); nothing was recorded.${approving ? ' Reject the provision instead.' : ''}`,
    ),
  );
}
