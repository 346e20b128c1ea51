import { ArgsType } from '@nestjs/graphql';
import { PageArgs } from '@daicho/platform';

/** `first` (1–100, default 50) and `after`, in e-mail order. */
@ArgsType()
export class UsersArgs extends PageArgs {}
