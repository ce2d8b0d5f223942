// The experience bank's public entry: routes and other modules import only this (and schema.ts); `npm run lint`
// checks it. What is not exported here is the domain's own business.
export * from './service';
export * from './review-service';
export * from './catalogue-service';
export * from './community-service';
export * from './attachment-service';
export * from './page-service';
export * from './demo';
export { toEditableText } from './rich-text';
export { experienceTextFields, type ExperienceDto } from './mappers';
export * from './version-service';
export type { SaveOutcome } from './published-edit';
export * from './account-data';
