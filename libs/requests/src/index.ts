export { RequestsModule, RequestsCoreModule } from './requests.module';
export { RequestReader } from './request/request-reader';
export * from './request-enums';
