// The access matrix (issue 13): each row of tests/access/rows.ts, for every role, through the real route module.
import { appendFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/lib/server/context';
import { getDb } from '../../src/lib/server/db';
import { loadReferenceTaxonomy } from '../../src/lib/server/taxonomy';
import { coveredRouteIds, roles, runCell, type AccessRow, type Fixture, type Role } from '../access/harness';
import { accessRows } from '../access/rows';
import { createMunicipality, createUser } from '../factories';

const modules = import.meta.glob<Record<string, unknown>>(['/src/routes/**/+server.ts', '/src/routes/**/+page.server.ts']);
const moduleOf = (row: AccessRow) => {
	const file = `/src/routes${row.route === '/' ? '' : row.route}/${row.op === 'load' || row.op.startsWith('action:') ? '+page.server.ts' : '+server.ts'}`;
	const load = modules[file];
	if (!load) throw new Error(`no route module ${file}`);
	return load();
};

let people: Record<Role, Actor | null>;

beforeAll(async () => {
	await loadReferenceTaxonomy(getDb());
	const elsewhere = await createMunicipality();
	const member = await createUser();
	people = {
		anonymous: null,
		member,
		owner: member,
		official: await createUser({ roles: [{ role: 'municipal_official', municipalityId: elsewhere.id }] }),
		otherOfficial: await createUser({ roles: [{ role: 'municipal_official', municipalityId: (await createMunicipality()).id }] }),
		reviewer: await createUser({ roles: [{ role: 'reviewer' }] }),
		expert: await createUser({ roles: [{ role: 'expert' }] }),
		statisticsEditor: await createUser({ roles: [{ role: 'statistics_editor' }] }),
		secretariat: await createUser({ roles: [{ role: 'secretariat', subRole: 'programme_secretary' }] }),
		admin: await createUser({ roles: [{ role: 'admin' }] })
	};
});

describe.each(accessRows.map((row) => [`${row.op} ${row.route} (${row.state})`, row] as const))('%s', (_, row) => {
	let shared: Promise<Fixture> | undefined;
	const fixtureFor = () => (row.changes ? row.fixture() : (shared ??= row.fixture()));
	it.each(roles.map((role) => [role, row.allow.includes(role) ? 'allowed' : 'refused'] as const))('%s: %s', async (role, expected) => {
		const fixture = await fixtureFor();
		const actor = role in (fixture.actors ?? {}) ? fixture.actors![role]! : people[role];
		const outcome = await runCell(await moduleOf(row), actor, row, fixture);
		if (process.env.ACCESS_MATRIX_REPORT) appendFileSync(process.env.ACCESS_MATRIX_REPORT, `${JSON.stringify({ row: `${row.op} ${row.route} (${row.state})`, role, expected, ...outcome })}\n`);
		expect({ role, result: outcome.result }, `${row.op} ${row.route} (${row.state}) as ${role}: ${outcome.status} ${outcome.detail}`).toEqual({ role, result: expected });
	});
});

describe('the matrix covers every route', () => {
	it('has a row for every route under /api/v1 and every route with a parameter', () => {
		const files: string[] = [];
		const walk = (dir: string) => {
			for (const entry of readdirSync(dir, { withFileTypes: true })) {
				const full = path.join(dir, entry.name);
				if (entry.isDirectory()) walk(full);
				else if (entry.name === '+server.ts' || entry.name === '+page.server.ts') files.push(full);
			}
		};
		walk(path.resolve('src/routes'));
		const covered = new Set(accessRows.map((row) => row.route));
		expect(coveredRouteIds(files).filter((route) => !covered.has(route))).toEqual([]);
	});
});
