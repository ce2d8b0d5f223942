// Every module's background work, registered by each server at start (bootstrap.ts), by the command-line tools
// that enqueue (they do not work), and by the tests. A module adds its handlers here when it adds a job.
import { importJobHandlers, subscriptionJobHandlers } from './directory';
import { maintenanceJobHandlers, type JobHandler } from './jobs';
import { mailJobHandlers } from './mail';
import { rateLimitJobHandlers } from './rate-limit';
import { statisticsJobHandlers } from './statistics';

export function allJobHandlers(): JobHandler[] {
	return [...maintenanceJobHandlers, ...mailJobHandlers, ...rateLimitJobHandlers, ...subscriptionJobHandlers, ...importJobHandlers, ...statisticsJobHandlers];
}
