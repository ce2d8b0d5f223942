// Helpers every module's demonstration loader uses (npm run data:demo): demo accounts and the mail they caused.
// Other modules import only this; `npm run lint` checks it.
export * from './queries';
