// Local statistics' public entry: routes and other modules import only this (and schema.ts); `npm run lint` checks
// it. What is not exported here is the domain's own business.
export * from './indicator-service';
export * from './indicator-page';
// The import's helpers shared by its two files (readAll, fileText, readerContext, BATCH) stay inside the domain.
export { MAX_PROBLEMS_KEPT, MAX_SKIPPED_KEPT, MAX_STATISTICS_FILE_BYTES, PROGRESS_STEP, chooseHeaderLine, guessMapping, parseId, previewImport, uploadDataset, type SkippedLine, type StoredMapping } from './import-service';
export * from './import-commit';
export * from './dataset-service';
export * from './open-data';
export * from './dcat-catalogue';
export * from './reporting-service';
export * from './territory-resolver';
export * from './account-data';
export { enqueueStaleRollups } from './rollups';
