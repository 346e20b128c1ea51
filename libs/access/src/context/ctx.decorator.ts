import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext, type GqlContextType } from '@nestjs/graphql';
import { UnauthenticatedError } from '@daicho/platform';
import type { RequestWithContext } from '../guards/access.guard';
import type { RequestContext } from './request-context';

/** Injects the RequestContext the access guard built for this request. */
export const Ctx = createParamDecorator(
  (_data: unknown, execution: ExecutionContext): RequestContext => {
    const req =
      execution.getType<GqlContextType>() === 'graphql'
        ? GqlExecutionContext.create(execution).getContext<{ req: RequestWithContext }>().req
        : execution.switchToHttp().getRequest<RequestWithContext>();
    if (!req.daicho) throw new UnauthenticatedError();
    return req.daicho;
  },
);
