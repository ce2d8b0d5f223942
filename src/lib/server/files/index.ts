// The files kernel: checked uploads (content sniffing, size, names) and downloads with the right headers, for every
// module that takes or serves files. Other modules import only this; `npm run lint` checks it.
export * from './upload-rules';
export * from './download';
export * from './csv';
