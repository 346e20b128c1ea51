export { ReportsModule } from './reports.module';
export { AccessReports } from './access/access-report.service';
export { AccessRollup } from './access/access-rollup';
export {
  AccessAnomalyKind,
  THRESHOLDS as ACCESS_ANOMALY_THRESHOLDS,
} from './access/access-anomalies';
