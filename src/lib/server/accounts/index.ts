// The accounts kernel's public entry: other modules import only this (and schema.ts); `npm run lint` checks it.
export * from './service';
export * from './self-service';
export * from './auth';
export * from './identity-providers';
export type { MyAccount, MySession } from './schema';
