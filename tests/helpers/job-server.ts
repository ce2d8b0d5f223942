// An application server process without its HTTP listener, for tests of the job queue across processes: the same
// start-up as `npm start` (open, migrate, reference data, job queue with its workers and cron), stopped by SIGTERM
// as adapter-node stops it. Run with tsx; prints "ready" once its workers run.
import { startApplication } from '../../src/lib/server/bootstrap';

const app = await startApplication();
console.log('ready');
process.once('SIGTERM', () => {
	void app.stop().then(() => process.exit(0));
});
