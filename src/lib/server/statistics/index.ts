// Local statistics' public entry: routes and other modules import only this (and schema.ts); `npm run lint` checks
// it. What is not exported here is the domain's own business.
export * from './indicator-service';
export * from './indicator-page';
export * from './import-service';
export * from './dataset-service';
export * from './open-data';
export * from './dcat-catalogue';
export * from './reporting-service';
export * from './territory-resolver';
export * from './account-data';
export { enqueueStaleRollups } from './rollups';
