import { describe, expect, it } from 'vitest';
import { describeUserAgent } from './user-agent';

describe('describeUserAgent', () => {
	it('names browser and system', () => {
		expect(describeUserAgent('Mozilla/5.0 (Linux; Android 13; SM-A136M) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36')).toBe('Chrome · Android');
		expect(describeUserAgent('Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:121.0) Gecko/20100101 Firefox/121.0')).toBe('Firefox · Windows');
		expect(describeUserAgent('Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1')).toBe('Safari · iOS');
		expect(describeUserAgent('Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36 Edg/120.0')).toBe('Edge · Windows');
	});

	it('keeps a short unknown agent and says nothing for none', () => {
		expect(describeUserAgent('SomeBot/1.0')).toBe('SomeBot/1.0');
		expect(describeUserAgent(null)).toBeNull();
		expect(describeUserAgent('')).toBeNull();
	});
});
