import { describe, expect, it } from 'vitest';
import { testDatabaseKind } from '../../../tests/helpers/db';
import { getOpenDatabase } from './db';
import { observeRequest, renderMetrics } from './metrics';

describe('renderMetrics', () => {
	it('reads the job queue and the pool on scrape, beside the request histogram and the process metrics', async () => {
		observeRequest('/territorios/[country=country]', 'GET', 200, 0.042);
		observeRequest(null, 'GET', 404, 0.003);
		const { body, contentType } = await renderMetrics();
		expect(contentType).toMatch(/^text\/plain; version=0\.0\.4/);
		expect(body).toContain('cabildo_http_request_duration_seconds_count{route="/territorios/[country=country]",method="GET",status="200"} 1');
		expect(body).toContain('cabildo_http_request_duration_seconds_count{route="unmatched",method="GET",status="404"} 1');
		expect(body).toMatch(/^cabildo_job_queue_readable 1$/m);
		expect(body).toContain('# TYPE cabildo_job_queue_depth gauge');
		expect(body).toContain('process_cpu_seconds_total');
		expect(body).toContain('nodejs_eventloop_lag_seconds');
		if (testDatabaseKind() === 'postgres') {
			expect(getOpenDatabase()?.poolStats).toBeTypeOf('function');
			expect(body).toMatch(/^cabildo_db_pool_max \d+$/m);
			expect(body).toMatch(/^cabildo_db_pool_in_use \d+$/m);
		} else expect(body).not.toMatch(/^cabildo_db_pool_max \d/m);
	});
});
