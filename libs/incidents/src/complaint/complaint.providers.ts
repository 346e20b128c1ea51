import { ComplaintFieldsResolver } from './complaint-fields.resolver';
import { ComplaintIntake } from './complaint-intake.service';
import { ComplaintReader } from './complaint-reader';
import { ComplaintResolver } from './complaint.resolver';
import { ComplaintSteps } from './complaint-steps.service';

/** Complaints and consultations (APPI art. 40; policy §8): services and resolvers. */
export const COMPLAINT_PROVIDERS = [
  ComplaintIntake,
  ComplaintSteps,
  ComplaintReader,
  ComplaintResolver,
  ComplaintFieldsResolver,
];
