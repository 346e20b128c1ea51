import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { UnauthenticatedError } from '@daicho/platform';
import { httpRequestOf } from './http-request';
import type { RequestContext } from './request-context';

/** Injects the RequestContext the access guard built for this request. */
export const Ctx = createParamDecorator(
  (_data: unknown, execution: ExecutionContext): RequestContext => {
    const context = httpRequestOf(execution).daicho;
    if (!context) throw new UnauthenticatedError();
    return context;
  },
);
