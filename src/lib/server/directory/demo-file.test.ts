import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { directoryDemoPath, ZDirectoryDemo } from './demo';
import { ZExpert, ZInstitution, ZService } from './schema';

// The shipped directory demo must load on a fresh install: valid shape, known themes, every key it refers to present.
describe('reference-data/demo/directory.json', () => {
	const demo = ZDirectoryDemo.parse(JSON.parse(readFileSync(directoryDemoPath(), 'utf8')));
	const themes = JSON.parse(readFileSync(path.join(path.dirname(directoryDemoPath()), '..', 'taxonomy', 'themes.json'), 'utf8')) as { areas: { themes: { code: string }[] }[] };
	const themeCodes = new Set(themes.areas.flatMap((area) => area.themes.map((theme) => theme.code)));
	const keys = new Set(demo.institutions.map((item) => item.key));

	it('has institutions, invented experts, open and closed calls, and services', () => {
		expect(demo.institutions.length).toBeGreaterThanOrEqual(15);
		expect(demo.experts.length).toBeGreaterThanOrEqual(8);
		expect(demo.calls.some((call) => call.opensInDays < 0 && call.closesInDays > 0)).toBe(true);
		expect(demo.calls.some((call) => call.closesInDays < 0)).toBe(true);
		expect(demo.services.length).toBeGreaterThanOrEqual(5);
	});

	it('passes the same checks as the forms, with known themes and keys', () => {
		for (const item of demo.institutions) {
			const { parentKey, centreOfExcellence, ...fields } = item;
			const input = Object.fromEntries(Object.entries(fields).filter(([name, value]) => value !== null && name !== 'key'));
			expect(ZInstitution.safeParse(input).success, item.key).toBe(true);
			if (parentKey) expect(keys.has(parentKey), item.key).toBe(true);
			for (const code of [...item.themes, ...(centreOfExcellence?.themes ?? [])]) expect(themeCodes.has(code), `${item.key}: ${code}`).toBe(true);
		}
		for (const item of demo.experts) {
			expect(ZExpert.safeParse(Object.fromEntries(Object.entries(item).filter(([, value]) => value !== null))).success, item.key).toBe(true);
			if (item.organisationKey) expect(keys.has(item.organisationKey)).toBe(true);
			for (const { theme } of item.competencies) expect(themeCodes.has(theme), `${item.key}: ${theme}`).toBe(true);
		}
		for (const item of demo.calls) expect(keys.has(item.funderKey), item.key).toBe(true);
		for (const item of demo.services) {
			expect(keys.has(item.institutionKey), item.key).toBe(true);
			expect(ZService.safeParse({ ...item, institutionId: '00000000-0000-4000-8000-000000000000' }).success, item.key).toBe(true);
		}
	});
});
