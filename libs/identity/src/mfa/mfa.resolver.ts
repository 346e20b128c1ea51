import {
  Args,
  Context,
  Field,
  ID,
  InputType,
  Mutation,
  ObjectType,
  Resolver,
} from '@nestjs/graphql';
import { Ctx, MfaStep, Policy, RequestContext, SelfService } from '@daicho/access';
import { UuidPipe } from '@daicho/platform';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { LoginResultModel } from '../session/login-result.model';
import { TotpService } from './totp.service';

@ObjectType('TotpEnrollment')
export class TotpEnrollmentModel {
  @Field({
    description:
      'otpauth://totp/… for the authenticator app (as a QR code); it holds the seed: show it to the user only',
  })
  otpauthUri!: string;

  @Field(() => [String], {
    description: 'One-use codes for when the device is lost; shown only this once',
  })
  recoveryCodes!: string[];
}

@InputType()
export class CompleteMfaInput {
  @Field({ nullable: true, description: 'The 6 digits the authenticator app shows now' })
  @IsOptional()
  @IsString()
  @MaxLength(16)
  code?: string;

  @Field({ nullable: true, description: 'One of the recovery codes, e.g. ABCDE-FGH23' })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  recoveryCode?: string;
}

/** Sign-in with an authenticator app: enrolment, the second step, an administrator's reset. */
@Resolver()
export class MfaResolver {
  constructor(private readonly totp: TotpService) {}

  @SelfService()
  @Mutation(() => TotpEnrollmentModel, {
    description: 'Starts (or restarts, until confirmed) setting up an authenticator app',
  })
  enrollTotp(@Ctx() ctx: RequestContext): Promise<TotpEnrollmentModel> {
    return this.totp.enroll(ctx);
  }

  @SelfService()
  @Mutation(() => Boolean, { description: 'The first code from the app switches it on' })
  async confirmTotp(@Ctx() ctx: RequestContext, @Args('code') code: string): Promise<boolean> {
    await this.totp.confirm(ctx, code);
    return true;
  }

  @MfaStep()
  @Mutation(() => LoginResultModel, {
    description:
      'Finishes a sign-in that answered mfaRequired: a new token for the full session (the first one ends)',
  })
  completeMfa(
    @Ctx() ctx: RequestContext,
    @Args('input') input: CompleteMfaInput,
    @Context('req') req: { ip?: string },
  ): Promise<LoginResultModel> {
    return this.totp.complete(ctx, input, req.ip);
  }

  @Policy('update', 'User')
  @Mutation(() => Boolean, {
    description:
      "Removes a user's authenticator (a lost device), never one's own: true. For an administrator, the CPO or the auditor it waits for a second person instead (an MFA_RESET access grant, approveAccessGrant): false",
  })
  resetTotp(
    @Ctx() ctx: RequestContext,
    @Args('userId', { type: () => ID }, new UuidPipe('userId')) userId: string,
  ): Promise<boolean> {
    return this.totp.reset(ctx, userId);
  }
}
