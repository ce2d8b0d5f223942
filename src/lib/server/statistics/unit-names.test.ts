import { describe, expect, it } from 'vitest';
import { nameLicence, nameSource, nameUnit, normalizeUnit } from './unit-names';

describe('normalizeUnit', () => {
	it.each([
		['personas', 'persons'],
		['Pessoas', 'persons'],
		['persons', 'persons'],
		['Municipios', 'municipalities'],
		['municípios', 'municipalities'],
		['%', 'percent'],
		['km²', 'km2'],
		['  hectáreas ', 'hectares']
	])('stores %s as the common unit %s', (typed, code) => {
		expect(normalizeUnit(typed)).toBe(code);
	});

	it('keeps any other unit as typed, trimmed', () => {
		expect(normalizeUnit(' toneladas de CO₂ ')).toBe('toneladas de CO₂');
	});
});

describe('nameUnit', () => {
	it('names a common unit in the reader’s language', () => {
		expect(nameUnit('persons', 'es')).toBe('personas');
		expect(nameUnit('persons', 'pt')).toBe('pessoas');
		expect(nameUnit('municipalities', 'pt')).toBe('municípios');
		expect(nameUnit('municipalities', 'en')).toBe('municipalities');
	});

	it('shows an older indicator’s unit typed in another language in the reader’s language too', () => {
		expect(nameUnit('personas', 'en')).toBe('persons');
	});

	it('shows any other unit as stored', () => {
		expect(nameUnit('toneladas', 'en')).toBe('toneladas');
	});
});

describe('built-in source and licence', () => {
	it('are written in the reader’s language for built-in indicators only', () => {
		const builtIn = { builtIn: true, source: 'Cabildo gazetteer (national statistics offices)', licence: 'x' };
		expect(nameSource(builtIn, 'es')).toMatch(/^Nomenclátor de Cabildo/);
		expect(nameSource(builtIn, 'pt')).toMatch(/^Cadastro do Cabildo/);
		expect(nameLicence(builtIn, 'en')).toMatch(/^As each source/);
		const own = { builtIn: false, source: 'INE Chile, Censo 2017', licence: 'CC BY 4.0' };
		expect(nameSource(own, 'pt')).toBe('INE Chile, Censo 2017');
		expect(nameLicence(own, 'pt')).toBe('CC BY 4.0');
	});
});
