// Statistics test data shared by the integration tests of src/lib/server/statistics: an indicator, municipalities
// of one unit, and a long CSV imported through the editor's own steps (upload, preview, commit, wait for the job).
import { expect } from 'vitest';
import type { Actor } from '../../src/lib/server/context';
import { commitImport, getDataset, previewImport, saveIndicator, uploadDataset } from '../../src/lib/server/statistics';
import { claimAdmin1, createMunicipality, uniqueToken } from '../factories';

const as = (actor: Actor | null) => ({ actor, locale: 'es' as const });

/** Creates an indicator at every level with a fresh code (added to its names); the fields are the indicator form's. */
export async function createTestIndicator(editor: Actor, fields: Record<string, string | number | undefined> = {}): Promise<string> {
	const code = `T_${uniqueToken().toUpperCase()}`;
	const names = Object.fromEntries(Object.entries({ 'name.es': fields['name.es'] ?? 'Indicador', 'name.en': fields['name.en'] }).filter(([, name]) => name !== undefined).map(([field, name]) => [field, `${name} ${code}`]));
	await saveIndicator(
		as(editor),
		{ code, unit: 'porcentaje', levels: 'municipality admin1 country', aggregation: 'none', source: 'Oficina de Estadística de Prueba', licence: 'CC BY 4.0', ...fields, ...names },
		{ creating: true }
	);
	return code;
}

/** `count` municipalities of one unit of a test country, with consecutive codes. */
export async function createUnitMunicipalities(count: number, population?: (index: number) => number | null) {
	const { countryCode, admin1Code } = await claimAdmin1();
	const base = 10_000 + Math.floor(Math.random() * 80_000);
	return Promise.all(Array.from({ length: count }, (_, index) => createMunicipality({ countryCode, admin1Code, code: `0${base + index}`, ...(population ? { population: population(index) } : {}) })));
}

/**
 * Uploads, checks and imports a long CSV for one municipal indicator and waits for its job. `columns` names the
 * file's header; the mapping takes the columns it has (territorio, periodo, valor, estado, nota).
 */
export async function importLongCsv(editor: Actor, code: string, body: string, options: { columns?: string; title?: string; fileName?: string } = {}) {
	const columns = options.columns ?? 'territorio,periodo,valor,estado';
	const content = `${columns}\n${body}`;
	const { id } = await uploadDataset(as(editor), { title: options.title ?? 'Encuesta municipal', publisher: 'Instituto Nacional de Estadística', licence: 'CC BY 4.0', file: new File([content], options.fileName ?? 'datos.csv', { type: 'text/csv' }) });
	const has = (name: string) => columns.split(',').includes(name);
	const preview = await previewImport(as(editor), id, {
		layout: 'long',
		territoryColumn: 'territorio',
		periodColumn: 'periodo',
		valueColumn: 'valor',
		...(has('estado') ? { statusColumn: 'estado' } : {}),
		...(has('nota') ? { noteColumn: 'nota' } : {}),
		indicator: code,
		level: 'municipality',
		decimal: '.'
	});
	expect(preview.problemCount).toBe(0);
	await commitImport(as(editor), id);
	for (let i = 0; i < 200 && (await getDataset(as(editor), id)).status === 'running'; i++) await new Promise((resolve) => setTimeout(resolve, 50));
	expect((await getDataset(as(editor), id)).status).toBe('done');
	return { id, content };
}
