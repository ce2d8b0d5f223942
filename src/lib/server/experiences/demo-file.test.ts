import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { demoFilePath, ZDemoFile } from './demo';

// The shipped demo file must load on a fresh install: valid shape, real municipalities, known themes and SDGs.
describe('reference-data/demo/experiences.json', () => {
	const demo = ZDemoFile.parse(JSON.parse(readFileSync(demoFilePath(), 'utf8')));
	const dir = path.join(path.dirname(demoFilePath()), '..');

	it('has about thirty records at every workflow stage, in Spanish and Portuguese', () => {
		expect(demo.experiences.length).toBeGreaterThanOrEqual(25);
		expect(new Set(demo.experiences.map((item) => item.stage))).toEqual(new Set(['draft', 'submitted', 'returned', 'in_review', 'published', 'rejected']));
		for (const item of demo.experiences) expect(Object.keys(item.texts).sort(), item.key).toEqual(['es', 'pt']);
		expect(new Set(demo.experiences.map((item) => item.key)).size).toBe(demo.experiences.length);
	});

	it('names only municipalities of the gazetteer and terms of the taxonomy', () => {
		const ids = new Set(
			readdirSync(path.join(dir, 'territories'))
				.filter((name) => /^[a-z]{2}\.csv$/.test(name))
				.flatMap((name) =>
					readFileSync(path.join(dir, 'territories', name), 'utf8')
						.split('\n')
						.slice(1)
						.map((line) => line.split(',').slice(0, 2).join('-'))
				)
		);
		const themes = JSON.parse(readFileSync(path.join(dir, 'taxonomy', 'themes.json'), 'utf8')) as { areas: { themes: { code: string }[] }[] };
		const themeCodes = new Set(themes.areas.flatMap((area) => area.themes.map((theme) => theme.code)));
		for (const item of demo.experiences) {
			for (const id of item.municipalityIds) expect(ids.has(id), `${item.key}: ${id}`).toBe(true);
			for (const code of item.themes) expect(themeCodes.has(code), `${item.key}: ${code}`).toBe(true);
			for (const code of item.sdgs) expect(code).toMatch(/^SDG(0[1-9]|1[0-7])$/);
		}
	});
});
