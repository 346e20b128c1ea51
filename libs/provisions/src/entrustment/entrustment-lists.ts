import { ArgsType, Field, Int, ObjectType } from '@nestjs/graphql';
import { IsInt, IsOptional, IsString } from 'class-validator';
import { PageArgs, Paginated } from '@daicho/platform';
import { EntrustmentContractModel, SupervisionDueModel } from './entrustment.dto';

// The entrustment lists' pages and arguments (the one list shape of every list that can grow).

@ObjectType('EntrustmentContractConnection')
export class EntrustmentContractConnection extends Paginated(
  EntrustmentContractModel,
  'EntrustmentContract',
) {}

@ObjectType('SupervisionDueConnection')
export class SupervisionDueConnection extends Paginated(SupervisionDueModel, 'SupervisionDue') {}

/** asOf and withinDays are checked by the resolver (a calendar date; 0–366 days). */
@ArgsType()
export class SupervisionDueArgs extends PageArgs {
  @Field({ nullable: true, description: 'YYYY-MM-DD; today (in Japan) when left out' })
  @IsOptional()
  @IsString()
  asOf?: string;

  @Field(() => Int, { defaultValue: 0 })
  @IsInt()
  withinDays = 0;
}
