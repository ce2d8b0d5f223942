// The public-changes kernel's public entry: other modules import only this; `npm run lint` checks it.
export * from './service';
