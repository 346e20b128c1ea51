export { IntegrationsModule, type IntegrationsModuleOptions } from './integrations.module';
export { verifySignature, signatureHeader } from './delivery/webhook-signature';
