import { describe, expect, it } from 'vitest';
import { CsvDialectError, detectDelimiter } from './csv-dialect';
import { decodeHead, detectEncoding } from './csv-encoding';
import { readObservations, readRecords, type ReadItem, type ReaderContext } from './import-reader';
import { ZImportMapping } from './schema';
import { TerritoryResolver } from './territory-resolver';

const context: ReaderContext = {
	resolver: new TerritoryResolver({
		countries: ['CL', 'CO'],
		admin1: [{ countryCode: 'CL', code: '13' }],
		municipalities: [
			{ id: 'CL-13101', countryCode: 'CL', code: '13101' },
			{ id: 'CL-13120', countryCode: 'CL', code: '13120' },
			{ id: 'CO-05001', countryCode: 'CO', code: '05001' }
		]
	}),
	indicators: new Map([
		['POVERTY_RATE', { periodicity: 'annual' as const, levels: ['municipality', 'admin1'], importable: true }],
		['POPULATION', { periodicity: 'annual' as const, levels: ['municipality'], importable: false }],
		['UNEMPLOYMENT', { periodicity: 'quarterly' as const, levels: ['country'], importable: true }]
	]),
	years: { from: 1950, to: 2030 }
};

async function read(bytes: Uint8Array, mapping: Record<string, unknown>): Promise<ReadItem[]> {
	const text = decodeHead(bytes, detectEncoding(bytes), Infinity);
	const items: ReadItem[] = [];
	for await (const item of readObservations(text, detectDelimiter(text), ZImportMapping.parse(mapping), context)) items.push(item);
	return items;
}

describe('readObservations', () => {
	it('reads a wide, semicolon, Latin-1 file with decimal commas and national codes without leading zeros', async () => {
		const file = Buffer.from('Código;Comuna;2019;2020\n13101;Santiago;12,5;11,9\n13120;Ñuñoa;..;7,25\n', 'latin1');
		const items = await read(file, { layout: 'wide', territoryColumn: 'Código', indicator: 'poverty_rate', level: 'municipality', country: 'CL', decimal: ',', thousands: '.' });
		expect(items).toEqual([
			{ kind: 'observation', line: 2, observation: { indicatorCode: 'POVERTY_RATE', level: 'municipality', territoryId: 'CL-13101', period: '2019', value: 12.5, status: 'A', note: null } },
			{ kind: 'observation', line: 2, observation: { indicatorCode: 'POVERTY_RATE', level: 'municipality', territoryId: 'CL-13101', period: '2020', value: 11.9, status: 'A', note: null } },
			{ kind: 'observation', line: 3, observation: { indicatorCode: 'POVERTY_RATE', level: 'municipality', territoryId: 'CL-13120', period: '2019', value: null, status: 'M', note: null } },
			{ kind: 'observation', line: 3, observation: { indicatorCode: 'POVERTY_RATE', level: 'municipality', territoryId: 'CL-13120', period: '2020', value: 7.25, status: 'A', note: null } }
		]);
	});

	it('reports every problem with its line and column, and keeps reading', async () => {
		const file = Buffer.from(
			[
				'indicator,territory,period,value,status',
				'POVERTY_RATE,CL-13101,2020,10.5,P',
				'POVERTY_RATE,CL-99999,2020,1,',
				'POVERTY_RATE,CL-13101,2020,11,',
				'POVERTY_RATE,CL-13120,20x0,1,',
				'POVERTY_RATE,CL-13120,1800,1,',
				'POVERTY_RATE,CL-13120,2020,abc,',
				'POVERTY_RATE,CL-13120,2021,1,Z',
				'POPULATION,CL-13120,2021,1,',
				'NOPE,CL-13120,2021,1,',
				'POVERTY_RATE,CL-13120,2020-Q1,1,',
				'POVERTY_RATE,CL,2020,1,'
			].join('\n'),
			'utf8'
		);
		const items = await read(file, { layout: 'long', territoryColumn: 'territory', periodColumn: 'period', valueColumn: 'value', indicatorColumn: 'indicator', statusColumn: 'status', level: 'auto', decimal: '.' });
		expect(items.filter((item) => item.kind === 'observation')).toHaveLength(1);
		expect(items.filter((item) => item.kind === 'problem').map((item) => item.kind === 'problem' && [item.line, item.code])).toEqual([
			[3, 'unknown_territory'],
			[4, 'duplicate_key'],
			[5, 'period_invalid'],
			[6, 'period_invalid'],
			[7, 'not_a_number'],
			[8, 'bad_status'],
			[9, 'indicator_not_importable'],
			[10, 'unknown_indicator'],
			[11, 'period_wrong_periodicity'],
			[12, 'level_not_allowed']
		]);
	});

	it('reads SDMX-CSV 2.0 with our identifiers and statuses, and names a missing column', async () => {
		const file = Buffer.from('\uFEFFSTRUCTURE,STRUCTURE_ID,ACTION,INDICATOR,REF_AREA,TIME_PERIOD,OBS_VALUE,OBS_STATUS,OBS_COMMENT\ndataflow,CABILDO:DF_LOCAL(1.0),I,UNEMPLOYMENT,CO,2024-Q2,10.3,E,"Encuesta, trimestral"\n', 'utf8');
		const mapping = { layout: 'sdmx', territoryColumn: 'REF_AREA', periodColumn: 'TIME_PERIOD', valueColumn: 'OBS_VALUE', indicatorColumn: 'INDICATOR', statusColumn: 'OBS_STATUS', noteColumn: 'OBS_COMMENT', level: 'auto', decimal: '.' };
		expect(await read(file, mapping)).toEqual([
			{ kind: 'observation', line: 2, observation: { indicatorCode: 'UNEMPLOYMENT', level: 'country', territoryId: 'CO', period: '2024-Q2', value: 10.3, status: 'E', note: 'Encuesta, trimestral' } }
		]);
		expect(await read(file, { ...mapping, valueColumn: 'VALUE' })).toEqual([{ kind: 'problem', line: 1, column: 'VALUE', code: 'missing_column' }]);
	});

	it('leaves out the title lines above the header and the notes at the end, keeping the file’s line numbers', async () => {
		const file = Buffer.from(
			[
				'Encuesta de prueba;;',
				'Unidad: porcentaje;;',
				';;',
				'Código;Comuna;2020',
				'13101;Santiago;12,5',
				'Nota: revisada;;',
				'13120;Ñuñoa;abc',
				'',
				'Fuente: oficina de prueba;;',
				';;',
				'1/ Cifras provisionales'
			].join('\r\n'),
			'latin1'
		);
		const items = await read(file, { headerLine: 4, layout: 'wide', territoryColumn: 'Código', indicator: 'POVERTY_RATE', level: 'municipality', country: 'CL', decimal: ',' });
		expect(items.map((item) => [item.kind, item.line, item.kind === 'skipped' ? `${item.reason}: ${item.text}` : item.kind === 'problem' ? item.code : item.observation.value])).toEqual([
			['skipped', 1, 'title: Encuesta de prueba'],
			['skipped', 2, 'title: Unidad: porcentaje'],
			['observation', 5, 12.5],
			// A note-like line followed by data is a row of the table (here one naming no territory).
			['problem', 6, 'unknown_territory'],
			['problem', 7, 'not_a_number'],
			['skipped', 9, 'note: Fuente: oficina de prueba'],
			['skipped', 11, 'note: 1/ Cifras provisionales']
		]);
		// A header line past the file's end reads nothing and says so.
		expect(await read(file, { headerLine: 30, layout: 'wide', territoryColumn: 'Código', indicator: 'POVERTY_RATE', level: 'municipality', country: 'CL', decimal: ',' })).toContainEqual({ kind: 'problem', line: 30, column: 'Código', code: 'missing_column' });
	});

	it('finds a duplicate among hundreds of keys, past the growth of its table', async () => {
		const years = Array.from({ length: 80 }, (_, index) => 1951 + index);
		const lines = ['territory;period;value', ...['CL-13101', 'CL-13120', 'CO-05001'].flatMap((id) => years.map((year) => `${id};${year};1`)), 'CO-05001;1990;2'];
		const items = await read(Buffer.from(lines.join('\n')), { layout: 'long', territoryColumn: 'territory', periodColumn: 'period', valueColumn: 'value', indicator: 'POVERTY_RATE', level: 'municipality', decimal: ',' });
		expect(items.filter((item) => item.kind === 'observation')).toHaveLength(240);
		expect(items.filter((item) => item.kind === 'problem')).toEqual([{ kind: 'problem', line: 242, column: 'territory', code: 'duplicate_key', value: 'CO-05001 1990' }]);
	});
});

async function records(source: string | string[], quoted?: boolean) {
	const read: { line: number; cells: string[] }[] = [];
	const pieces = typeof source === 'string' ? source : (async function* () { yield* source; })();
	for await (const record of readRecords(pieces, ';', { quoted })) read.push(record);
	return read;
}

describe('readRecords', () => {
	const lines = ['\uFEFFa;b', '1;Ñuñoa', '', '2;"x;y"', '3;4'];

	it('reads a file given in pieces exactly as the whole text, wherever the pieces are cut', async () => {
		for (const ending of ['\n', '\r\n']) {
			for (const quoted of [true, false]) {
				const source = (quoted ? lines : lines.map((line) => line.replace('"x;y"', 'x'))).join(ending);
				const whole = await records(source, quoted);
				expect(whole).toHaveLength(4);
				for (let cut = 0; cut <= source.length; cut++) {
					expect(await records([source.slice(0, cut), source.slice(cut)], quoted), `cut at ${cut}`).toEqual(whole);
				}
			}
		}
		expect(await records(lines.join('\r\n'))).toEqual([
			{ line: 1, cells: ['a', 'b'] },
			{ line: 2, cells: ['1', 'Ñuñoa'] },
			{ line: 4, cells: ['2', 'x;y'] },
			{ line: 5, cells: ['3', '4'] }
		]);
	});

	it('refuses a line longer than a megabyte even when it arrives in many pieces', async () => {
		const pieces = ['a;b\n', ...Array.from({ length: 20 }, () => 'x'.repeat(64 * 1024))];
		await expect(records(pieces, false)).rejects.toMatchObject({ code: 'too_long', line: 2 });
		await expect(records(pieces, false)).rejects.toBeInstanceOf(CsvDialectError);
	});
});
