export { AppConfig, NODE_ENVS, LOG_LEVELS, type NodeEnv } from './config/app-config';
export { loadConfig, ConfigError } from './config/load-config';
export { ConfigModule } from './config/config.module';
export {
  startEmbeddedDatabase,
  freeLoopbackPort,
  type EmbeddedDatabase,
  type EmbeddedDatabaseOptions,
} from './database/embedded-database';
export {
  connectionOf,
  createDataSource,
  runMigrations,
  type DataSourceOptions,
} from './database/data-source';
export { DatabaseModule } from './database/database.module';
export {
  SESSION_SETTINGS_SQL,
  assertSessionSettings,
  pinnedConnection,
  sessionSettingsProblem,
  type SessionSettingsRow,
} from './database/session-settings';
export { ChangeFeed, type ChangeChannel, type ChangeSubscriber } from './cache/change-feed';
export { ChangesSettledInterceptor } from './cache/changes-settled.interceptor';
export { NotifiedCache, type NotifiedCacheOptions } from './cache/notified-cache';
export { inTransaction } from './database/transaction';
export { insertUnique } from './database/unique-insert';
export {
  ErrorCode,
  DomainError,
  BadUserInputError,
  UnauthenticatedError,
  ForbiddenError,
  NotFoundError,
  ConflictError,
  ThrottledError,
  SubjectErasedError,
  DecryptionFailedError,
  errorCodeOfStatus,
  httpStatusOf,
} from './errors/domain-error';
export { createValidationPipe } from './errors/validation';
export { formatGraphqlError, INTERNAL_MESSAGE } from './errors/format-graphql-error';
export { LoggingModule, REDACTED_PATHS, RequestLogMiddleware } from './logging/logging.module';
export { GraphqlApiModule } from './graphql/graphql.module';
export { HealthModule } from './health/health.module';
export { Readiness } from './health/readiness';
export { byTimeKeyset } from './graphql/time-keyset';
export { AdmissionGate, type AdmissionLimits, type Release } from './http/admission-gate';
export { admissionMiddleware, BUSY_RETRY_AFTER_SECONDS } from './http/admission.middleware';
export { CONDITIONAL_HEADERS, wholeAnswers } from './http/whole-answers.middleware';
export { RAW_BODY_TYPE, rawBodyParser, unreadRawBodiesRefused } from './http/raw-bodies';
export { Public, IS_PUBLIC } from './auth/public.decorator';
export { CredentialCheck } from './auth/introspection-gate';
export {
  OperationGate,
  type GatedOperation,
  type GateAdmission,
  type GateTicket,
} from './auth/operation-gate';
export { AnswerKeeper, type KeptAnswerSlot, type KeptQuery } from './graphql/kept-answers.plugin';
export { AuditTrail, type AuditEvent } from './audit/audit-trail';
export { LedgerAction, LEDGER_ACTIONS, isLedgerAction } from './audit/ledger-action';
export {
  PageArgs,
  PageInfo,
  Paginated,
  pageOf,
  type Page,
  type Edge,
  PAGE_SIZE_LIMIT,
  encodeCursor,
  decodeCursor,
  decodeTimeCursor,
  decodeDateCursor,
  decodeTextCursor,
  timeKey,
} from './graphql/pagination';
export { selectsAny } from './graphql/selection';
export { UuidPipe } from './errors/uuid.pipe';
export { CatalogCodePipe } from './input/catalog-code.pipe';
export { DateTimeScalar, CalendarDateScalar } from './graphql/scalars';
export {
  parseCalendarDate,
  parseDateTime,
  problemWithPastInstant,
  DATE_FORM,
  DATE_TIME_FORM,
  EARLIEST_EVENT_DATE,
} from './input/dates';
export {
  CATALOG_CODE,
  ITEM_KEY,
  isCatalogCode,
  isItemKey,
  IsCatalogCode,
  IsItemKey,
} from './input/catalog-code';
export { GRAPHQL_NAME } from './input/graphql-name';
export {
  JAPAN_TIME_ZONE,
  JAPAN_UTC_OFFSET_SECONDS,
  startOfDayInJapan,
  LANGS,
  isLang,
  type Lang,
  BUSINESS_HOURS,
  todayInJapan,
  plusDays,
  plusMonths,
  plusYears,
  isNationalHoliday,
  isBusinessDay,
  nextBusinessDay,
  businessDayOnOrAfter,
  addBusinessDays,
  businessDaysBetween,
  isWithinBusinessHours,
  handlingStartsOn,
} from './calendar/japan-calendar';
export { PastDateTime, PastDateTimePipe } from './input/past-date-time';
export { calendarDate } from './input/calendar-date';
export { IsId, isUuid, UUID_PATTERN } from './input/id-field';
export { CLI_OPERATOR_PATTERN, IsActorId, isCliOperator } from './input/actor-id-field';
export { breaksTextRule, firstControlCharacter, TEXT_RULE } from './input/text-rule';
export { isGiven, refuseNulls } from './input/null-values';
export { readOrCreateSecretFile } from './secrets/secret-file';
export { HttpErrorFilter } from './errors/http-error.filter';
export { returnedRow } from './database/returned-row';
export { runPrepared, type PreparedStatement } from './database/prepared-statement';
export { nextYearlyNumber } from './database/yearly-number';
export { canonicalJson, type JsonValue } from './json/canonical-json';
export { SealedBox } from './secrets/sealed-box';
export { parseAllowedHosts, type AllowedHost } from './config/webhook-hosts';
export { Outbox, type OutboxTransaction } from './outbox/outbox';
export { DomainEventType, DOMAIN_EVENT_TYPES, type DomainEventData } from './outbox/domain-event';
export { selectedFields } from './graphql/selected-fields';
