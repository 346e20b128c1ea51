import {
  type CallHandler,
  type ExecutionContext,
  Injectable,
  type NestInterceptor,
} from '@nestjs/common';
import { GqlExecutionContext, type GqlContextType } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { concatMap, from, map, type Observable, throwError, catchError } from 'rxjs';
import { ChangeFeed } from './change-feed';

/**
 * Before a change is answered (a GraphQL mutation, any HTTP call but GET), waits until this
 * server's copies have heard every change committed so far: a logout, a revoked key or a role
 * change holds from the very next request on this server, never served from a copy it ended.
 * A failed call waits too: some refusals end a session (a wrong current password). Reads do not
 * wait; with the change feed down copies are not used and nothing waits.
 */
@Injectable()
export class ChangesSettledInterceptor implements NestInterceptor {
  constructor(private readonly feed: ChangeFeed) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (!this.changes(context)) return next.handle();
    return next.handle().pipe(
      concatMap((value: unknown) => from(this.feed.settled()).pipe(map(() => value))),
      catchError((error: unknown) =>
        from(this.feed.settled()).pipe(concatMap(() => throwError(() => error))),
      ),
    );
  }

  private changes(context: ExecutionContext): boolean {
    const type = context.getType<GqlContextType>();
    if (type === 'graphql') {
      const info = GqlExecutionContext.create(context).getInfo<GraphQLResolveInfo>();
      return info.parentType.name === 'Mutation';
    }
    if (type === 'http')
      return context.switchToHttp().getRequest<{ method: string }>().method !== 'GET';
    return false;
  }
}
