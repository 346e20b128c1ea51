import type { RequestContext } from '@daicho/access';
import type { DataSubjectRequestModel } from './request.models';
import { requestSteps, toRequestModel, type RequestStepsView } from './request-details';
import type { RequestRow } from './request-row';

/** The row behind a returned request, for its step fields (never a GraphQL field itself). */
const ROWS = new WeakMap<object, { row: RequestRow; steps?: Promise<RequestStepsView> }>();

/** A request as GraphQL returns it, remembering its row for the step fields. */
export function requestModel(row: RequestRow): DataSubjectRequestModel {
  const model = toRequestModel(row) as DataSubjectRequestModel;
  ROWS.set(model, { row });
  return model;
}

/** The steps of a request, loaded once per request shown and only when a step field is asked. */
export function stepsOf(
  ctx: RequestContext,
  model: DataSubjectRequestModel,
): Promise<RequestStepsView> {
  const held = ROWS.get(model);
  if (!held) throw new Error('a request model without its row');
  held.steps ??= requestSteps(ctx, held.row);
  return held.steps;
}
