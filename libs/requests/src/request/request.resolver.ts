import { Args, Field, ID, Mutation, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { Ctx, Policy, RequestContext } from '@daicho/access';
import { UuidPipe } from '@daicho/platform';
import {
  ClientInstructionInput,
  DecideRequestInput,
  ExecuteRequestInput,
  ReceiveRequestInput,
  RecordFeePaymentInput,
  RecordIdentityCheckInput,
  RequestMissingItemsInput,
  RespondToRequestInput,
  RouteRequestInput,
} from './request.inputs';
import { RequestsArgs } from './request-list.args';
import {
  DataSubjectRequestConnection,
  DataSubjectRequestModel,
  RequestPartyModel,
} from './request.models';
import { requestModel } from './request-view';
import { RequestDecisions } from './request-decision.service';
import { RequestExecution } from './request-execution.service';
import { RequestIntake } from './request-intake.service';
import { RequestMatching } from './request-matching.service';
import { RequestReader } from './request-reader';
import type { RequestRow } from './request-row';
import { RequestSteps } from './request-steps.service';

@ObjectType('RequestParties', { description: "The requester's and agent's data (CPO only)" })
export class RequestPartiesModel {
  @Field(() => RequestPartyModel)
  requester!: RequestPartyModel;
  @Field(() => RequestPartyModel, { nullable: true })
  agent!: RequestPartyModel | null;
  @Field(() => String, { nullable: true })
  details!: string | null;
}

const requestId = () => new UuidPipe('requestId');

@Resolver(() => DataSubjectRequestModel)
export class RequestResolver {
  constructor(
    private readonly intake: RequestIntake,
    private readonly steps: RequestSteps,
    private readonly matching: RequestMatching,
    private readonly decisions: RequestDecisions,
    private readonly executor: RequestExecution,
    private readonly reader: RequestReader,
  ) {}

  private model(row: RequestRow): DataSubjectRequestModel {
    return requestModel(row);
  }

  @Policy('create', 'DataSubjectRequest')
  @Mutation(() => DataSubjectRequestModel, {
    description: 'Registers a request from the person as it arrives (CPO)',
  })
  async receiveRequest(@Ctx() ctx: RequestContext, @Args('input') input: ReceiveRequestInput) {
    return this.model(await this.intake.receive(ctx, input));
  }

  @Policy('update', 'DataSubjectRequest')
  @Mutation(() => DataSubjectRequestModel, {
    description: "Records a check of the requester's or agent's identity (art. 37)",
  })
  async recordIdentityCheck(
    @Ctx() ctx: RequestContext,
    @Args('requestId', { type: () => ID }, requestId()) id: string,
    @Args('input') input: RecordIdentityCheckInput,
  ) {
    return this.model(await this.steps.recordIdentityCheck(ctx, id, input));
  }

  @Policy('update', 'DataSubjectRequest')
  @Mutation(() => DataSubjectRequestModel, { description: 'Records a fee received (art. 38)' })
  async recordFeePayment(
    @Ctx() ctx: RequestContext,
    @Args('requestId', { type: () => ID }, requestId()) id: string,
    @Args('input') input: RecordFeePaymentInput,
  ) {
    return this.model(await this.steps.recordFeePayment(ctx, id, input));
  }

  @Policy('update', 'DataSubjectRequest')
  @Mutation(() => DataSubjectRequestModel, {
    description: 'Asks the requester for what is missing; the clock pauses',
  })
  async requestMissingItems(
    @Ctx() ctx: RequestContext,
    @Args('requestId', { type: () => ID }, requestId()) id: string,
    @Args('input') input: RequestMissingItemsInput,
  ) {
    return this.model(await this.steps.requestMissingItems(ctx, id, input));
  }

  @Policy('update', 'DataSubjectRequest')
  @Mutation(() => DataSubjectRequestModel, {
    description: 'Names the persons held the request is about (after findSubjects)',
  })
  async matchRequestSubjects(
    @Ctx() ctx: RequestContext,
    @Args('requestId', { type: () => ID }, requestId()) id: string,
    @Args('subjectIds', { type: () => [ID] }) subjectIds: string[],
  ) {
    return this.model(await this.matching.match(ctx, id, subjectIds));
  }

  @Policy('update', 'DataSubjectRequest')
  @Mutation(() => DataSubjectRequestModel, {
    description: "Refers a request about a client's entrusted data to the client",
  })
  async routeRequestToClient(
    @Ctx() ctx: RequestContext,
    @Args('requestId', { type: () => ID }, requestId()) id: string,
    @Args('input') input: RouteRequestInput,
  ) {
    return this.model(await this.matching.routeToClient(ctx, id, input));
  }

  @Policy('update', 'DataSubjectRequest')
  @Mutation(() => DataSubjectRequestModel, {
    description: "Records the client's instruction on a referred request",
  })
  async recordClientInstruction(
    @Ctx() ctx: RequestContext,
    @Args('requestId', { type: () => ID }, requestId()) id: string,
    @Args('input') input: ClientInstructionInput,
  ) {
    return this.model(await this.matching.recordClientInstruction(ctx, id, input));
  }

  @Policy('update', 'DataSubjectRequest')
  @Mutation(() => DataSubjectRequestModel, {
    description: 'Decides a request; a refusal gives its reasons (art. 36)',
  })
  async decideRequest(
    @Ctx() ctx: RequestContext,
    @Args('requestId', { type: () => ID }, requestId()) id: string,
    @Args('input') input: DecideRequestInput,
  ) {
    return this.model(await this.decisions.decide(ctx, id, input));
  }

  @Policy('update', 'DataSubjectRequest')
  @Mutation(() => DataSubjectRequestModel, {
    description: 'Carries out a decided request against the holdings',
  })
  async executeRequest(
    @Ctx() ctx: RequestContext,
    @Args('requestId', { type: () => ID }, requestId()) id: string,
    @Args('input', { nullable: true }) input?: ExecuteRequestInput,
  ) {
    return this.model(await this.executor.execute(ctx, id, input ?? {}));
  }

  @Policy('update', 'DataSubjectRequest')
  @Mutation(() => DataSubjectRequestModel, { description: 'Records that the answer was sent' })
  async respondToRequest(
    @Ctx() ctx: RequestContext,
    @Args('requestId', { type: () => ID }, requestId()) id: string,
    @Args('input') input: RespondToRequestInput,
  ) {
    return this.model(await this.decisions.respond(ctx, id, input));
  }

  @Policy('update', 'DataSubjectRequest')
  @Mutation(() => DataSubjectRequestModel, { description: 'Closes an answered request' })
  async closeRequest(
    @Ctx() ctx: RequestContext,
    @Args('requestId', { type: () => ID }, requestId()) id: string,
  ) {
    return this.model(await this.decisions.close(ctx, id));
  }

  @Policy('read', 'RequestNotice')
  @Query(() => DataSubjectRequestModel, {
    description:
      'One request (CPO, AUDITOR; a department sees the notice of one that touches its categories: number, kind, status, dates, its persons)',
  })
  async request(
    @Ctx() ctx: RequestContext,
    @Args('id', { type: () => ID }, new UuidPipe('id')) id: string,
  ) {
    return this.model(await this.reader.get(ctx, id));
  }

  @Policy('read', 'RequestNotice')
  @Query(() => DataSubjectRequestConnection, {
    description: 'Requests, soonest internal target first',
  })
  async requests(@Ctx() ctx: RequestContext, @Args() args: RequestsArgs) {
    const page = await this.reader.list(ctx, args.filter ?? {}, args.first, args.after);
    return {
      ...page,
      edges: page.edges.map((e) => ({ cursor: e.cursor, node: this.model(e.node) })),
    };
  }

  @Policy('update', 'DataSubjectRequest')
  @Query(() => RequestPartiesModel, {
    description: "The requester's and agent's data (CPO; a READ entry)",
  })
  async requestParties(
    @Ctx() ctx: RequestContext,
    @Args('requestId', { type: () => ID }, requestId()) id: string,
  ) {
    return this.reader.parties(ctx, id);
  }
}
