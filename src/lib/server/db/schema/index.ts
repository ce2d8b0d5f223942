export * from './auth';
export * from './territories';
export * from './platform';
export * from './taxonomy';
export * from './experiences';
export * from './directory';
export * from './statistics';
