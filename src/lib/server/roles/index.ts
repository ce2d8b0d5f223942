// The roles kernel's public entry: other modules import only this (and schema.ts); `npm run lint` checks it.
export * from './service';
export { decideRoleRequest, getRoleRequest, hasPendingRoleRequest, listMyRoleRequests, listRoleRequests, requestRole, withdrawRoleRequest } from './requests';
