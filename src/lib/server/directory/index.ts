// The cooperation directory's public entry: routes and other modules import only this (and schema.ts); `npm run lint`
// checks it. What is not exported here is the domain's own business.
export * from './service';
export * from './moderation-service';
export * from './cooperation-service';
export * from './correction-service';
export * from './expert-service';
export * from './import-service';
export * from './import-job';
export * from './open-data';
export * from './subscription-service';
export * from './demo';
export * from './account-data';
