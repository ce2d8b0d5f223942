import { describe, expect, it } from 'vitest';
import { parseConfig } from './config';
import { mayReadMetrics } from './metrics';

const TOKEN = 'scrape-token-0123456789';
type Access = { metricsAllow: string[]; metricsToken: string | undefined };
const loopback: Access = { metricsAllow: ['127.0.0.1', '::1'], metricsToken: undefined };
const withToken: Access = { metricsAllow: ['127.0.0.1', '::1'], metricsToken: TOKEN };
const monitoringNet: Access = { metricsAllow: ['10.0.8.0/24', 'fd00:8::/64'], metricsToken: undefined };

// The access rows of GET /metrics: who may scrape (address in METRICS_ALLOW, or the bearer token) and who gets 404.
const matrix: Array<[string, { address: string | undefined; authorization: string | null }, Access, boolean]> = [
	['loopback IPv4, default list', { address: '127.0.0.1', authorization: null }, loopback, true],
	['loopback IPv6, default list', { address: '::1', authorization: null }, loopback, true],
	['loopback as IPv4-mapped IPv6 (dual-stack listener)', { address: '::ffff:127.0.0.1', authorization: null }, loopback, true],
	['a public address, no token', { address: '203.0.113.9', authorization: null }, loopback, false],
	['another loopback address not listed', { address: '127.0.0.2', authorization: null }, loopback, false],
	['unknown address (ADDRESS_HEADER missing), no token', { address: undefined, authorization: null }, loopback, false],
	['public address with the right token', { address: '203.0.113.9', authorization: `Bearer ${TOKEN}` }, withToken, true],
	['unknown address with the right token', { address: undefined, authorization: `bearer ${TOKEN}` }, withToken, true],
	['public address with a wrong token', { address: '203.0.113.9', authorization: 'Bearer wrong-token-0123456789' }, withToken, false],
	['public address with a token when none is configured', { address: '203.0.113.9', authorization: `Bearer ${TOKEN}` }, loopback, false],
	['a Basic credential is not the token', { address: '203.0.113.9', authorization: `Basic ${TOKEN}` }, withToken, false],
	['inside an allowed IPv4 range', { address: '10.0.8.77', authorization: null }, monitoringNet, true],
	['outside the IPv4 range', { address: '10.0.9.1', authorization: null }, monitoringNet, false],
	['inside an allowed IPv6 range', { address: 'fd00:8::42', authorization: null }, monitoringNet, true],
	['loopback once the list no longer has it', { address: '127.0.0.1', authorization: null }, monitoringNet, false]
];

describe('GET /metrics access', () => {
	it.each(matrix)('%s', (_label, request, config, allowed) => {
		expect(mayReadMetrics(request, config)).toBe(allowed);
	});
});

describe('METRICS_ALLOW and METRICS_TOKEN', () => {
	it('defaults to loopback without a token', () => {
		const config = parseConfig({ AUTH_SECRET: 'x'.repeat(32) });
		expect(config.metricsAllow).toEqual(['127.0.0.1', '::1']);
		expect(config.metricsToken).toBeUndefined();
	});

	it('reads a list of addresses and ranges', () => {
		const config = parseConfig({ AUTH_SECRET: 'x'.repeat(32), METRICS_ALLOW: ' 10.0.0.0/8, ::1 ', METRICS_TOKEN: TOKEN });
		expect(config.metricsAllow).toEqual(['10.0.0.0/8', '::1']);
		expect(config.metricsToken).toBe(TOKEN);
	});

	it.each(['localhost', '10.0.0.0/33', '::1/129', '10.0.0.1/8/2'])('names METRICS_ALLOW when it holds %s', (value) => {
		expect(() => parseConfig({ AUTH_SECRET: 'x'.repeat(32), METRICS_ALLOW: value })).toThrow(/METRICS_ALLOW/);
	});

	it('refuses a short token', () => {
		expect(() => parseConfig({ AUTH_SECRET: 'x'.repeat(32), METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN/);
	});
});
