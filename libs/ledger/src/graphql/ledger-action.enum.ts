import { registerEnumType } from '@nestjs/graphql';
import { LedgerAction } from '@daicho/platform';

registerEnumType(LedgerAction, {
  name: 'LedgerAction',
  description: 'What a ledger entry records (the same strings as stored)',
});

export { LedgerAction };
