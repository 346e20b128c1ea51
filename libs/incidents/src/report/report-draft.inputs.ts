import { Field, InputType, Int } from '@nestjs/graphql';
import { IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import type { ReportDraft } from './report-draft';

/** A text item of the report: may stay empty while the CPO does not know it yet. */
const TEXT_MAX = 10000;

@InputType({ description: 'The nine items of a report to the PPC (Rule 8(1)), kept sealed' })
export class IncidentReportDraftInput implements ReportDraft {
  @Field({ description: '概要' })
  @IsString()
  @Length(0, TEXT_MAX)
  overview!: string;
  @Field({ description: '漏えい等が発生し、又は発生したおそれがある個人データの項目' })
  @IsString()
  @Length(0, TEXT_MAX)
  items!: string;
  @Field(() => Int, { description: '本人の数' })
  @IsInt()
  @Min(0)
  @Max(1_000_000_000)
  persons!: number;
  @Field({ description: '原因' })
  @IsString()
  @Length(0, TEXT_MAX)
  cause!: string;
  @Field({ description: '二次被害又はそのおそれの有無及びその内容' })
  @IsString()
  @Length(0, TEXT_MAX)
  secondaryDamage!: string;
  @Field({ description: '本人への対応の実施状況' })
  @IsString()
  @Length(0, TEXT_MAX)
  responseToPersons!: string;
  @Field({ description: '公表の実施状況' })
  @IsString()
  @Length(0, TEXT_MAX)
  publication!: string;
  @Field({ description: '再発防止のための措置' })
  @IsString()
  @Length(0, TEXT_MAX)
  prevention!: string;
  @Field({ description: 'その他参考となる事項' })
  @IsString()
  @Length(0, TEXT_MAX)
  other!: string;
  @Field(() => Int, {
    nullable: true,
    description:
      'The version the edit was made from, as incidentReportDraft answered it (0 or absent: the prefilled draft); a stale one is a CONFLICT',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  version?: number;
}
