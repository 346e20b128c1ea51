export { IncidentsModule } from './incidents.module';
export * from './incident-enums';
