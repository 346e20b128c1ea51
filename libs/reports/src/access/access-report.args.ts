import { ArgsType, Field } from '@nestjs/graphql';
import { IsDate } from 'class-validator';

@ArgsType()
export class AccessReportArgs {
  @Field({ description: 'Recorded at or after (the period in JST days is what the report shows)' })
  @IsDate()
  from!: Date;
  @Field({ description: 'Recorded before' })
  @IsDate()
  to!: Date;
}
