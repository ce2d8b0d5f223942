// Every module's background work, registered by each server at start (bootstrap.ts), by the command-line tools
// that enqueue (they do not work), and by the tests. A module adds its handlers here when it adds a job.
import { importJobHandlers, subscriptionJobHandlers } from './directory';
import type { JobHandler } from './jobs';
import { mailJobHandlers } from './mail';
import { statisticsJobHandlers } from './statistics';

export function allJobHandlers(): JobHandler[] {
	return [...mailJobHandlers, ...subscriptionJobHandlers, ...importJobHandlers, ...statisticsJobHandlers];
}
