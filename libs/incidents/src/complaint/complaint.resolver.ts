import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Ctx, Policy, type RequestContext } from '@daicho/access';
import { UuidPipe } from '@daicho/platform';
import {
  CloseComplaintInput,
  ComplaintsArgs,
  ReceiveComplaintInput,
  RecordComplaintStepInput,
} from './complaint.inputs';
import { ComplaintConnection, ComplaintModel } from './complaint.models';
import { ComplaintIntake } from './complaint-intake.service';
import { ComplaintReader } from './complaint-reader';
import { ComplaintSteps } from './complaint-steps.service';
import { complaintModel } from './complaint-view';

const complaintId = () => new UuidPipe('complaintId');

/** Complaints and consultations (APPI art. 40; policy §8) over GraphQL. */
@Resolver(() => ComplaintModel)
export class ComplaintResolver {
  constructor(
    private readonly intake: ComplaintIntake,
    private readonly steps: ComplaintSteps,
    private readonly reader: ComplaintReader,
  ) {}

  @Policy('create', 'Complaint')
  @Mutation(() => ComplaintModel, {
    description: 'Registers a complaint or consultation as it arrives (CPO)',
  })
  async receiveComplaint(@Ctx() ctx: RequestContext, @Args('input') input: ReceiveComplaintInput) {
    return complaintModel(await this.intake.receive(ctx, input));
  }

  @Policy('update', 'Complaint')
  @Mutation(() => ComplaintModel, {
    description: 'A response step: contacted, investigated, answered, referred to JIPDEC (CPO)',
  })
  async recordComplaintStep(
    @Ctx() ctx: RequestContext,
    @Args('complaintId', { type: () => ID }, complaintId()) id: string,
    @Args('input') input: RecordComplaintStepInput,
  ) {
    return complaintModel(await this.steps.recordStep(ctx, id, input));
  }

  @Policy('update', 'Complaint')
  @Mutation(() => ComplaintModel, { description: 'Closes a complaint with its outcome (CPO)' })
  async closeComplaint(
    @Ctx() ctx: RequestContext,
    @Args('complaintId', { type: () => ID }, complaintId()) id: string,
    @Args('input') input: CloseComplaintInput,
  ) {
    return complaintModel(await this.steps.close(ctx, id, input));
  }

  @Policy('read', 'Complaint')
  @Query(() => ComplaintModel, {
    description: 'One complaint (CPO; AUDITOR: dates, codes and status only); a READ entry',
  })
  async complaint(
    @Ctx() ctx: RequestContext,
    @Args('id', { type: () => ID }, new UuidPipe('id')) id: string,
  ) {
    return complaintModel(await this.reader.get(ctx, id));
  }

  @Policy('read', 'Complaint')
  @Query(() => ComplaintConnection, {
    description: 'Complaints, soonest target date first; each one shown a READ entry',
  })
  async complaints(@Ctx() ctx: RequestContext, @Args() args: ComplaintsArgs) {
    const page = await this.reader.list(ctx, args.filter ?? {}, args.first, args.after);
    return {
      ...page,
      edges: page.edges.map((e) => ({ cursor: e.cursor, node: complaintModel(e.node) })),
    };
  }
}
