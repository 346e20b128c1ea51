import { Module, type Provider } from '@nestjs/common';
import { InventoryCoreModule } from '@daicho/inventory';
import { AppConfig } from '@daicho/platform';
import { HoldingsKeys } from './crypto/holdings-keys';
import { RecordResolver } from './record/record.resolver';
import { RecordService } from './record/record.service';

const KEYS: Provider = {
  provide: HoldingsKeys,
  inject: [AppConfig],
  useFactory: (config: AppConfig) =>
    HoldingsKeys.load(config.holdingsMasterKeyFile, config.holdingsIndexKeyFile),
};

/** Data subjects and their encrypted personal records. */
@Module({
  imports: [InventoryCoreModule],
  providers: [KEYS, RecordService, RecordResolver],
  exports: [RecordService, HoldingsKeys],
})
export class HoldingsModule {}
