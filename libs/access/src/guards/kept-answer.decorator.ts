import { SetMetadata } from '@nestjs/common';
import type { ChangeChannel } from '@daicho/platform';

export const KEPT_ANSWER = 'daicho:keptAnswer';

/**
 * The query's answer depends only on who asks (their rights) and on rows whose every change
 * `channel` announces: no personal data, nothing recorded per call, no field with a resolver of
 * its own below it (checked at start-up), and the clock only to within READ_CACHE_MS. Its answer
 * may then be given again to the same caller for the same query until such a change, or
 * READ_CACHE_MS, ends it (CallerAnswerKeeper); the guard's decision is still made on every call.
 */
export const KeptAnswer = (channel: ChangeChannel): MethodDecorator =>
  SetMetadata(KEPT_ANSWER, channel);
