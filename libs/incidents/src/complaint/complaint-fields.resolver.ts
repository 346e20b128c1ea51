import { Inject } from '@nestjs/common';
import { Info, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { Ctx, Policy, type RequestContext } from '@daicho/access';
import { HoldingsKeys, RecordReader } from '@daicho/holdings';
import { selectsAny } from '@daicho/platform';
import type { ComplaintAction } from './complaint-enums';
import { ComplainantModel, ComplaintModel, ComplaintStepModel } from './complaint.models';
import { readsComplaintTexts } from './complaint-access';
import { ComplaintReader } from './complaint-reader';
import { COMPLAINT_PURPOSE, type ComplaintRow } from './complaint-row';
import { openComplaintTexts } from './complaint-texts';
import { rowOf } from './complaint-view';

/** What the complainant's record holds, as read once per complaint shown. */
interface Particulars {
  complainant: ComplainantModel;
  content: string | null;
}

/**
 * A complaint's sealed side and its steps, resolved only when asked; the complaint itself was
 * already an access decision. The complainant's data, what they said and the notes open for
 * whoever answers complaints (the CPO) only, each opening a READ entry; the auditor gets null.
 */
@Resolver(() => ComplaintModel)
export class ComplaintFieldsResolver {
  private readonly particulars = new WeakMap<object, Promise<Particulars | null>>();

  constructor(
    @Inject(HoldingsKeys) private readonly keys: HoldingsKeys,
    private readonly records: RecordReader,
    private readonly reader: ComplaintReader,
  ) {}

  @Policy('read', 'Complaint')
  @ResolveField(() => ComplainantModel, { nullable: true })
  async complainant(@Ctx() ctx: RequestContext, @Parent() complaint: ComplaintModel) {
    return (await this.particularsOf(ctx, complaint))?.complainant ?? null;
  }

  @Policy('read', 'Complaint')
  @ResolveField(() => String, { nullable: true })
  async content(@Ctx() ctx: RequestContext, @Parent() complaint: ComplaintModel) {
    return (await this.particularsOf(ctx, complaint))?.content ?? null;
  }

  @Policy('read', 'Complaint')
  @ResolveField(() => [ComplaintStepModel])
  async steps(
    @Ctx() ctx: RequestContext,
    @Parent() complaint: ComplaintModel,
    @Info() info: GraphQLResolveInfo,
  ): Promise<ComplaintStepModel[]> {
    const row = rowOf(complaint);
    return ctx.transaction(async (tx) => {
      const steps = await tx.manager.query<
        {
          id: string;
          action: ComplaintAction;
          acted_on: string;
          recorded_at: Date;
          sealed_note: Buffer | null;
        }[]
      >(
        `SELECT s.id, s.action, s.acted_on::text AS acted_on, s.recorded_at, s.sealed_note
           FROM complaint_steps s WHERE s.complaint_id = $1 ORDER BY s.recorded_at, s.id`,
        [row.id],
      );
      const sealed = steps.map((s) => ({
        field: 'stepNote' as const,
        bytes: s.sealed_note,
        part: s.id,
      }));
      // Only when the answer asks for them: each opening is a recorded look.
      const notes = selectsAny(info, ['note'])
        ? await this.openTexts(tx, row, sealed, 'steps.note')
        : sealed.map(() => null);
      return steps.map((s, i) => ({
        id: s.id,
        action: s.action,
        actedOn: s.acted_on,
        recordedAt: s.recorded_at,
        note: notes[i] ?? null,
      }));
    });
  }

  @Policy('read', 'Complaint')
  @ResolveField(() => String, { nullable: true })
  async outcomeNote(@Ctx() ctx: RequestContext, @Parent() complaint: ComplaintModel) {
    const row = rowOf(complaint);
    return ctx.transaction(async (tx) => {
      const sealed = [{ field: 'outcomeNote' as const, bytes: row.sealed_outcome_note }];
      const [note] = await this.openTexts(tx, row, sealed, 'outcomeNote');
      return note ?? null;
    });
  }

  /** Opens sealed notes for the CPO (one READ entry naming the field), null for anyone else. */
  private async openTexts(
    tx: RequestContext,
    row: ComplaintRow,
    sealed: Parameters<typeof openComplaintTexts>[3],
    field: string,
  ): Promise<(string | null)[]> {
    if (!readsComplaintTexts(tx)) return sealed.map(() => null);
    const texts = await openComplaintTexts(tx, this.keys, row, sealed);
    if (texts.some((t) => t !== null)) await this.reader.recordLook(tx, [row], 'notes', [field]);
    return texts;
  }

  /** The complainant's record, read once per complaint shown (the CPO; null for others). */
  private particularsOf(ctx: RequestContext, complaint: ComplaintModel) {
    let held = this.particulars.get(complaint);
    if (!held) {
      held = this.readParticulars(ctx, rowOf(complaint));
      this.particulars.set(complaint, held);
    }
    return held;
  }

  private async readParticulars(
    ctx: RequestContext,
    row: ComplaintRow,
  ): Promise<Particulars | null> {
    if (!readsComplaintTexts(ctx)) return null;
    return ctx.transaction(async (tx) => {
      // Once the record's retention ran out (or the person was erased) its values are gone.
      const [held] = await tx.manager.query<{ readable: boolean }[]>(
        `SELECT p.status = 'ACTIVE' AND s.erased_at IS NULL AS readable
           FROM personal_records p JOIN data_subjects s ON s.id = p.subject_id WHERE p.id = $1`,
        [row.complainant_record_id],
      );
      if (!held?.readable) return null;
      // A READ entry of the record for complaint handling (holdings writes it).
      const { values } = await this.records.read(tx, row.complainant_record_id, COMPLAINT_PURPOSE);
      const v = (key: string) => values[key] ?? null;
      return {
        complainant: {
          name: v('name') ?? '',
          address: v('address'),
          email: v('email'),
          phone: v('phone'),
        },
        content: v('complaintContent'),
      };
    });
  }
}
