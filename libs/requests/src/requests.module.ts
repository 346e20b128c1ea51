import { Module } from '@nestjs/common';
import { InventoryCoreModule } from '@daicho/inventory';
import { FeePaymentReferenceResolver } from './request/fee-payment-reference.resolver';
import { RequestDecisions } from './request/request-decision.service';
import { RequestExecution } from './request/request-execution.service';
import { RequestIntake } from './request/request-intake.service';
import { RequestMatching } from './request/request-matching.service';
import { RequestReader } from './request/request-reader';
import { RequestDetailFieldsResolver } from './request/request-detail-fields.resolver';
import { RequestErasure } from './request/request-erasure';
import { RequestFieldsResolver } from './request/request-fields.resolver';
import { RequestResolver } from './request/request.resolver';
import { RequestSteps } from './request/request-steps.service';
import { AccessProofs } from './response/access-proofs';
import { RequestAnswer } from './response/request-answer';
import { RequestFormsController } from './response/request-forms.controller';
import { RequestLettersController } from './response/request-letters.controller';
import { RequestLetters } from './response/request-letters.service';

const SERVICES = [
  RequestIntake,
  RequestSteps,
  RequestMatching,
  RequestDecisions,
  RequestExecution,
  RequestErasure,
  RequestReader,
  RequestAnswer,
  AccessProofs,
  RequestLetters,
];

/**
 * Requests from the person (APPI arts. 32–39), from the letter's arrival to the answer sent:
 * intake, identity and agency, fee, matching, referral of entrusted data, decision, execution
 * against the holdings, answer and closure, each step a ledger entry.
 */
@Module({
  providers: [
    ...SERVICES,
    RequestResolver,
    RequestFieldsResolver,
    RequestDetailFieldsResolver,
    FeePaymentReferenceResolver,
  ],
  controllers: [RequestLettersController, RequestFormsController],
  exports: [RequestReader],
})
export class RequestsModule {}

/** The services without GraphQL, for operator commands. */
@Module({ imports: [InventoryCoreModule], providers: SERVICES, exports: [RequestReader] })
export class RequestsCoreModule {}
