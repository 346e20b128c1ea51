export { ReportsModule } from './reports.module';
export { AccessReports } from './access/access-report.service';
export {
  AccessAnomalyKind,
  THRESHOLDS as ACCESS_ANOMALY_THRESHOLDS,
} from './access/access-anomalies';
