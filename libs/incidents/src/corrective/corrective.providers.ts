import { CorrectiveActionReader } from './corrective-action-reader';
import { CorrectiveActionResolver } from './corrective-action.resolver';
import { CorrectiveActions } from './corrective-actions.service';

/** Corrective actions (是正処置, JIS Q 15001): services and resolver. */
export const CORRECTIVE_ACTION_PROVIDERS = [
  CorrectiveActions,
  CorrectiveActionReader,
  CorrectiveActionResolver,
];
