// The audit kernel's public entry: other modules import only this; `npm run lint` checks it.
export * from './service';
export { auditActionKey, auditActions, type AuditAction } from './actions';
