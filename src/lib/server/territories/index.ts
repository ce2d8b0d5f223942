// The gazetteer's public entry: what other modules may use (the boundary rule in `npm run lint` checks it).
export * from './service';
export * from './data-credits';
export * from './size-bands';
export * from './gazetteer-cache';
export * from './gazetteer-index';
export * from './mappers';
export * from './sources';
export * from './load-territories';
export type { TMunicipalityLabel } from './schema';
