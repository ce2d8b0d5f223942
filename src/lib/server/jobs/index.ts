// The jobs kernel: one durable queue in the database (pg-boss, decision 0014) for every module's background work.
// Other modules import only this; `npm run lint` checks it.
export * from './define';
export { enqueueJob, installJobQueue, pauseJobWork, registerJobHandlers, runQueuedJobs, startJobs, stopJobs, type JobsOptions } from './queue';
export * from './service';
export { analyzeTablesJob, maintainTablesJob, maintenanceJobHandlers } from './maintenance';
