import type { ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext, type GqlContextType } from '@nestjs/graphql';
import type { RequestContext } from './request-context';

/** What access keeps on the HTTP request so later fields of one operation reuse it. */
export interface RequestWithContext {
  id?: unknown;
  headers: Record<string, string | string[] | undefined>;
  method?: string;
  url?: string;
  /** Express's matched route: its path is the template (`/records/:id/items/:item`). */
  route?: { path?: unknown };
  daicho?: RequestContext;
  /** The credential's check under way or done (failed included), so it is made once a request. */
  authenticating?: Promise<RequestContext>;
}

/** The HTTP request behind a GraphQL operation (from GqlExecutionContext) or a plain route. */
export function httpRequestOf(execution: ExecutionContext): RequestWithContext {
  return execution.getType<GqlContextType>() === 'graphql'
    ? GqlExecutionContext.create(execution).getContext<{ req: RequestWithContext }>().req
    : execution.switchToHttp().getRequest<RequestWithContext>();
}
