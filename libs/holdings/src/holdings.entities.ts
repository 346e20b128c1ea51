import { PersonalRecordEntity } from './record/personal-record.entity';
import { DataSubjectEntity } from './subject/data-subject.entity';

export const HOLDINGS_ENTITIES = [DataSubjectEntity, PersonalRecordEntity];
