import { Field, InputType } from '@nestjs/graphql';
import { IsDate, IsEnum } from 'class-validator';
import { CalendarDateScalar, IsCatalogCode, PastDateTime } from '@daicho/platform';
import { DateField } from '@daicho/provisions';
import { NoticeMethod, ReportChannel, ReportStage } from '../incident-enums';

@InputType()
export class RecordReportInput {
  @Field(() => ReportStage)
  @IsEnum(ReportStage)
  stage!: ReportStage;
  @Field(() => CalendarDateScalar, {
    description: 'The day it went to the PPC (not in the future)',
  })
  @DateField()
  submittedOn!: string;
  @Field(() => ReportChannel)
  @IsEnum(ReportChannel)
  channel!: ReportChannel;
}

@InputType()
export class ClientNoticeInput {
  @Field({ description: 'The client (a catalog recipient) whose entrusted data was affected' })
  @IsCatalogCode('recipientCode', { example: 'CLIENT_CALL_CENTER' })
  recipientCode!: string;
  @Field()
  @IsDate()
  @PastDateTime()
  notifiedAt!: Date;
  @Field(() => NoticeMethod)
  @IsEnum(NoticeMethod)
  method!: NoticeMethod;
}
