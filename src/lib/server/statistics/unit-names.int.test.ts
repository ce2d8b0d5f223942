// Issue 12 §7: Spanish and Portuguese pages showed English units and sources ("persons", "Cabildo gazetteer (national
// statistics offices)"). The indicator as pages read it names its unit, source and licence in the reader's language;
// the API's `unit` stays the stored code.
import { beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../../../tests/factories';
import { createTestIndicator } from '../../../../tests/helpers/statistics';
import type { Actor } from '../context';
import { getDb } from '../db';
import { getIndicator, listIndicators, refreshBuiltInIndicators } from './indicator-service';

let editor: Actor;

beforeAll(async () => {
	editor = await createUser({ roles: [{ role: 'statistics_editor' }] });
	await refreshBuiltInIndicators(getDb());
});

describe('built-in indicators in the reader’s language', () => {
	it.each([
		['es', 'personas', /^Nomenclátor de Cabildo/],
		['pt', 'pessoas', /^Cadastro do Cabildo/],
		['en', 'persons', /^Cabildo gazetteer/]
	] as const)('%s: unit %s and a translated source', async (locale, unitName, source) => {
		const indicator = await getIndicator({ locale }, 'POPULATION');
		expect(indicator.unit).toBe('persons');
		expect(indicator.unitName).toBe(unitName);
		expect(indicator.sourceName).toMatch(source);
		expect(indicator.licenceName).not.toBe('');
	});

	it('the indicator list names the units in Portuguese', async () => {
		const items = await listIndicators({ locale: 'pt' }, { q: 'Número de municípios' });
		expect(items.find((item) => item.code === 'MUNICIPALITIES')?.unitName).toBe('municípios');
	});
});

describe('an editor’s indicator', () => {
	it('typed with a common unit in Spanish, is stored by its code and named in each language', async () => {
		const code = await createTestIndicator(editor, { unit: 'Personas' });
		expect((await getIndicator({ locale: 'es' }, code)).unit).toBe('persons');
		expect((await getIndicator({ locale: 'pt' }, code)).unitName).toBe('pessoas');
		expect((await getIndicator({ locale: 'en' }, code)).unitName).toBe('persons');
	});

	it('keeps its own unit and source as typed', async () => {
		const code = await createTestIndicator(editor, { unit: 'toneladas', source: 'Ministerio del Ambiente' });
		const indicator = await getIndicator({ locale: 'en' }, code);
		expect(indicator.unitName).toBe('toneladas');
		expect(indicator.sourceName).toBe('Ministerio del Ambiente');
	});
});
