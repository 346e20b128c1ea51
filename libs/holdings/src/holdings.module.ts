import { Global, Module, type Provider } from '@nestjs/common';
import { InventoryCoreModule, ItemUsage } from '@daicho/inventory';
import { AppConfig } from '@daicho/platform';
import { DataSource } from 'typeorm';
import { HoldingsKeys } from './crypto/holdings-keys';
import { KeyRotation } from './crypto/key-rotation';
import { KeyRotationResolver } from './crypto/key-rotation.resolver';
import { BinaryItemsController } from './record/binary-items.controller';
import { RecordResolver } from './record/record.resolver';
import { RecordAccess } from './record/record-access';
import { RecordFiles } from './record/record-files';
import { RecordReader } from './record/record-reader';
import { RecordWriter } from './record/record-writer';
import { RecordsItemUsage } from './record/records-item-usage';
import { RecordTextsBackfill } from './record/record-texts-backfill';
import { RecordRegisterResolver } from './register/record-register.resolver';
import { RecordRegisterService } from './register/record-register.service';
import { RetentionResolver } from './retention/retention.resolver';
import { RetentionClock } from './retention/retention-clock';
import { RetentionService } from './retention/retention.service';
import { RetentionSweeper } from './retention/retention-sweeper';
import { SubjectResolver } from './subject/subject.resolver';
import { SubjectService } from './subject/subject.service';
import { SubjectMarks } from './subject/subject-marks';
import { ErasureJournal } from './subject/erasure-journal';
import { ErasureReplay } from './subject/erasure-replay';

const ERASURE_JOURNAL: Provider = {
  provide: ErasureJournal,
  inject: [AppConfig],
  useFactory: (config: AppConfig) => new ErasureJournal(config.holdingsErasureJournalFile),
};

const KEYS: Provider = {
  provide: HoldingsKeys,
  inject: [AppConfig, DataSource],
  useFactory: (config: AppConfig, dataSource: DataSource) =>
    HoldingsKeys.load(config.holdingsMasterKeyFile, config.holdingsIndexKeyFile, dataSource),
};

/**
 * Data subjects and their encrypted personal records. Global, so the inventory's category service
 * sees the real ItemUsage (it may not remove an item records still hold).
 */
@Global()
@Module({
  imports: [InventoryCoreModule],
  providers: [
    KEYS,
    RecordAccess,
    RecordReader,
    RecordWriter,
    RecordFiles,
    RetentionClock,
    RecordResolver,
    RecordTextsBackfill,
    RecordRegisterService,
    RecordRegisterResolver,
    RetentionService,
    RetentionResolver,
    RetentionSweeper,
    SubjectService,
    SubjectMarks,
    ERASURE_JOURNAL,
    ErasureReplay,
    KeyRotation,
    KeyRotationResolver,
    SubjectResolver,
    { provide: ItemUsage, useClass: RecordsItemUsage },
  ],
  controllers: [BinaryItemsController],
  exports: [
    RecordReader,
    RecordWriter,
    RecordFiles,
    RecordTextsBackfill,
    RetentionService,
    RetentionClock,
    SubjectService,
    SubjectMarks,
    RecordAccess,
    HoldingsKeys,
    ItemUsage,
    KeyRotation,
    ErasureReplay,
  ],
})
export class HoldingsModule {}
