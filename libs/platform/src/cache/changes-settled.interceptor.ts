import {
  type CallHandler,
  type ExecutionContext,
  Injectable,
  type NestInterceptor,
} from '@nestjs/common';
import { concatMap, from, map, type Observable, throwError, catchError } from 'rxjs';
import { ChangeFeed } from './change-feed';

/**
 * The HTTP half of "a change is answered once this server's copies have heard it" (GraphQL's is
 * changesSettledPlugin): on a controller that changes anything, every call but GET waits until
 * every change committed so far has reached this server's copies, failed or not (a logout, a
 * wrong current password). Applied per controller with @UseInterceptors, not globally, so that
 * GraphQL reads pay for no interceptor at all; a test finds every non-GET route and checks it.
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
    if (context.getType() !== 'http') return false;
    return context.switchToHttp().getRequest<{ method: string }>().method !== 'GET';
  }
}
