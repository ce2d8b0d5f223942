import { and, desc, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { createMunicipality, createUser, uniqueToken } from '../../../../tests/factories';
import type { Actor } from '../context';
import { getDb } from '../db';
import { indicator as indicatorTable, mailMessage, observation, observationRevision } from '../db/schema';
import { saveIndicator } from './indicator-service';
import { listMyReports, listPendingReports, readReportedNumber, reportMunicipalValue, validateReportedValue } from './reporting-service';

const as = (actor: Actor | null) => ({ actor, locale: 'es' as const });
let editor: Actor;

beforeAll(async () => {
	editor = await createUser({ roles: [{ role: 'statistics_editor' }] });
});

async function indicator(options: { periodicity?: string; levels?: string; formula?: string; decimals?: number } = {}) {
	const code = `R_${uniqueToken().toUpperCase()}`;
	await saveIndicator(
		as(editor),
		{ code, 'name.es': `Indicador ${code}`, unit: 'personas', levels: options.levels ?? 'municipality', aggregation: 'sum', source: 'Oficina de prueba', periodicity: options.periodicity, formula: options.formula, decimals: options.decimals },
		{ creating: true }
	);
	return code;
}

async function official() {
	const place = await createMunicipality();
	const person = await createUser({ roles: [{ role: 'municipal_official', municipalityId: place.id }] });
	return { place, person };
}

async function stored(code: string, territoryId: string, period: string) {
	const [row] = await getDb()
		.select()
		.from(observation)
		.where(and(eq(observation.indicatorCode, code), eq(observation.level, 'municipality'), eq(observation.territoryId, territoryId), eq(observation.period, period)));
	return row;
}

async function revisions(code: string, territoryId: string, period: string) {
	return getDb()
		.select()
		.from(observationRevision)
		.where(and(eq(observationRevision.indicatorCode, code), eq(observationRevision.territoryId, territoryId), eq(observationRevision.period, period)))
		.orderBy(desc(observationRevision.replacedAt));
}

const fieldsOf = async (promise: Promise<unknown>) => {
	try {
		await promise;
	} catch (error) {
		return { code: (error as { code: string }).code, fields: ((error as { fields?: { field: string; messageKey: string }[] }).fields ?? []).map((f) => `${f.field}:${f.messageKey}`) };
	}
	throw new Error('expected a refusal');
};

describe('reading a reported number', () => {
	it('accepts a decimal comma or point, thousands separators, and refuses guesses', () => {
		expect(readReportedNumber('1.234,5', 0)).toEqual({ ok: true, value: 1234.5 });
		expect(readReportedNumber('1234.5', 0)).toEqual({ ok: true, value: 1234.5 });
		expect(readReportedNumber('12,5', 1)).toEqual({ ok: true, value: 12.5 });
		expect(readReportedNumber('1 234,5', 1)).toEqual({ ok: true, value: 1234.5 });
		expect(readReportedNumber('1,234,567.25', 2)).toEqual({ ok: true, value: 1234567.25 });
		expect(readReportedNumber('-3,2', 1)).toEqual({ ok: true, value: -3.2 });
		// One separator and three digits: thousands unless the indicator has three or more decimals.
		expect(readReportedNumber('12.500', 0)).toEqual({ ok: true, value: 12500 });
		expect(readReportedNumber('12,500', 2)).toEqual({ ok: true, value: 12500 });
		expect(readReportedNumber('1.000', 0)).toEqual({ ok: true, value: 1000 });
		expect(readReportedNumber('-1,000', 0)).toEqual({ ok: true, value: -1000 });
		expect(readReportedNumber('1,234', 3)).toEqual({ ok: false, messageKey: 'error_report_value_ambiguous' });
		expect(readReportedNumber('doce', 0)).toEqual({ ok: false, messageKey: 'error_report_value_number' });
		expect(readReportedNumber('1.2.3', 0)).toEqual({ ok: false, messageKey: 'error_report_value_number' });
		expect(readReportedNumber('..', 0)).toEqual({ ok: false, messageKey: 'error_report_value_number' });
	});
});

describe('municipal reporting', () => {
	it('stores an official’s value for their own municipality as provisional, without a dataset, and lists it for editors', async () => {
		const code = await indicator();
		const { place, person } = await official();
		const result = await reportMunicipalValue(as(person), place.id, { indicator: code.toLowerCase(), period: ' 2024 ', value: '1.234,5', note: 'Registro municipal' });
		expect(result).toEqual({ indicator: code, period: '2024', value: 1234.5 });
		expect(await stored(code, place.id, '2024')).toMatchObject({ value: 1234.5, status: 'P', datasetId: null, updatedBy: person.id, note: 'Registro municipal' });

		const mine = await listMyReports(as(person), place.id);
		expect(mine[0]).toMatchObject({ indicator: code, period: '2024', value: 1234.5, status: 'P', reported: true, by: person.name });

		const queue = await listPendingReports(as(editor), { pageSize: '100' });
		const item = queue.items.find((entry) => entry.indicator === code);
		expect(item).toMatchObject({ municipalityId: place.id, municipalityName: place.name, indicatorName: `Indicador ${code}`, period: '2024', value: 1234.5, reportedBy: person.name, previous: null });
		await expect(listPendingReports(as(person), {})).rejects.toMatchObject({ code: 'FORBIDDEN' });
	});

	it('refuses another municipality, anonymous people, derived, built-in and non-municipal indicators', async () => {
		const code = await indicator();
		const { place, person } = await official();
		const other = await createMunicipality();
		const value = { indicator: code, period: '2024', value: '10' };
		await expect(reportMunicipalValue(as(person), other.id, value)).rejects.toMatchObject({ code: 'FORBIDDEN' });
		await expect(reportMunicipalValue(as(null), place.id, value)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
		await expect(reportMunicipalValue(as(editor), place.id, value)).rejects.toMatchObject({ code: 'FORBIDDEN' });
		await expect(listMyReports(as(person), other.id)).rejects.toMatchObject({ code: 'FORBIDDEN' });

		const derived = await indicator({ formula: JSON.stringify({ kind: 'growth_rate', indicator: code }) });
		expect(await fieldsOf(reportMunicipalValue(as(person), place.id, { ...value, indicator: derived }))).toEqual({ code: 'VALIDATION', fields: ['indicator:error_report_indicator_not_reportable'] });
		const builtIn = `R_${uniqueToken().toUpperCase()}`;
		await getDb().insert(indicatorTable).values({ code: builtIn, names: { es: 'Incorporado' }, unit: 'personas', levels: ['municipality'], builtIn: true });
		expect(await fieldsOf(reportMunicipalValue(as(person), place.id, { ...value, indicator: builtIn }))).toEqual({ code: 'VALIDATION', fields: ['indicator:error_report_indicator_not_reportable'] });
		const national = await indicator({ levels: 'country' });
		expect(await fieldsOf(reportMunicipalValue(as(person), place.id, { ...value, indicator: national }))).toEqual({ code: 'VALIDATION', fields: ['indicator:error_report_indicator_not_reportable'] });
		expect(await fieldsOf(reportMunicipalValue(as(person), place.id, { ...value, indicator: 'R_NOSUCHTHING' }))).toEqual({ code: 'VALIDATION', fields: ['indicator:error_report_indicator_unknown'] });
		expect(await fieldsOf(reportMunicipalValue(as(person), place.id, { ...value, indicator: '' }))).toEqual({ code: 'VALIDATION', fields: ['indicator:error_report_indicator_unknown'] });
		expect(await stored(derived, place.id, '2024')).toBeUndefined();
	});

	it('refuses a bad number, a period of another periodicity, and a period more than a year ahead', async () => {
		const annual = await indicator();
		const quarterly = await indicator({ periodicity: 'quarterly' });
		const { place, person } = await official();
		expect(await fieldsOf(reportMunicipalValue(as(person), place.id, { indicator: annual, period: '2024-Q1', value: 'mil' }))).toEqual({
			code: 'VALIDATION',
			fields: ['period:error_report_period_annual', 'value:error_report_value_number']
		});
		expect(await fieldsOf(reportMunicipalValue(as(person), place.id, { indicator: annual, period: '', value: '1' }))).toEqual({ code: 'VALIDATION', fields: ['period:error_field_required'] });
		expect(await fieldsOf(reportMunicipalValue(as(person), place.id, { indicator: quarterly, period: '2024', value: '1' }))).toEqual({ code: 'VALIDATION', fields: ['period:error_report_period_quarterly'] });
		const year = new Date().getUTCFullYear();
		expect(await fieldsOf(reportMunicipalValue(as(person), place.id, { indicator: annual, period: String(year + 2), value: '1' }))).toEqual({ code: 'VALIDATION', fields: ['period:error_report_period_future'] });
		// Next year is allowed; a quarter typed in lower case is read.
		await reportMunicipalValue(as(person), place.id, { indicator: annual, period: String(year + 1), value: '1' });
		await reportMunicipalValue(as(person), place.id, { indicator: quarterly, period: '2023-q3', value: '7,25' });
		expect(await stored(quarterly, place.id, '2023-Q3')).toMatchObject({ value: 7.25, status: 'P' });
	});

	it('keeps the earlier value as a revision; an accepted value is validated and an official cannot overwrite it', async () => {
		const code = await indicator();
		const { place, person } = await official();
		await reportMunicipalValue(as(person), place.id, { indicator: code, period: '2023', value: '100' });
		await reportMunicipalValue(as(person), place.id, { indicator: code, period: '2023', value: '120' });
		const kept = await revisions(code, place.id, '2023');
		expect(kept).toHaveLength(1);
		expect(kept[0]).toMatchObject({ value: 100, status: 'P', datasetId: null, replacedBy: person.id });
		expect(kept[0].replacedAt).toBeInstanceOf(Date);

		const queue = await listPendingReports(as(editor), { pageSize: '100' });
		expect(queue.items.find((entry) => entry.indicator === code)).toMatchObject({ value: 120, previous: { value: 100, status: 'P' } });

		await expect(validateReportedValue(as(person), { indicator: code, municipality: place.id, period: '2023' }, { decision: 'accept' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
		await validateReportedValue(as(editor), { indicator: code, municipality: place.id, period: '2023' }, { decision: 'accept' });
		expect(await stored(code, place.id, '2023')).toMatchObject({ value: 120, status: 'A', updatedBy: person.id });
		expect((await listPendingReports(as(editor), { pageSize: '100' })).items.some((entry) => entry.indicator === code)).toBe(false);

		expect(await fieldsOf(reportMunicipalValue(as(person), place.id, { indicator: code, period: '2023', value: '130' }))).toEqual({ code: 'VALIDATION', fields: ['period:error_report_validated'] });
		expect(await stored(code, place.id, '2023')).toMatchObject({ value: 120, status: 'A' });
		// Decided already: a second decision is a conflict.
		expect(await fieldsOf(validateReportedValue(as(editor), { indicator: code, municipality: place.id, period: '2023' }, { decision: 'accept' }))).toEqual({ code: 'CONFLICT', fields: ['decision:error_report_decided'] });
		const mail = await getDb().select().from(mailMessage).where(eq(mailMessage.toAddress, person.email));
		expect(mail).toHaveLength(1);
	});

	it('rejecting needs a reason and puts back the earlier value, or removes the value when there was none', async () => {
		const code = await indicator();
		const { place, person } = await official();
		const key = { indicator: code, municipality: place.id, period: '2022' };
		await reportMunicipalValue(as(person), place.id, { indicator: code, period: '2022', value: '50', note: 'primera' });
		await reportMunicipalValue(as(person), place.id, { indicator: code, period: '2022', value: '5000' });

		expect(await fieldsOf(validateReportedValue(as(editor), key, { decision: 'reject', reason: '  ' }))).toEqual({ code: 'VALIDATION', fields: ['reason:error_reason_required'] });
		// A decision on a report that changed since the editor saw it is refused.
		expect(await fieldsOf(validateReportedValue(as(editor), { ...key, reportedAt: '2000-01-01T00:00:00.000Z' }, { decision: 'reject', reason: 'x' }))).toEqual({
			code: 'CONFLICT',
			fields: ['decision:error_report_changed']
		});

		const seen = (await listPendingReports(as(editor), { pageSize: '100' })).items.find((entry) => entry.indicator === code);
		await validateReportedValue(as(editor), { ...key, reportedAt: seen?.reportedAt }, { decision: 'reject', reason: 'El valor está en miles por error.' });
		expect(await stored(code, place.id, '2022')).toMatchObject({ value: 50, status: 'P', note: 'primera', datasetId: null });
		expect(await revisions(code, place.id, '2022')).toHaveLength(0);

		const mine = await listMyReports(as(person), place.id);
		expect(mine.find((item) => item.status === 'rejected')).toMatchObject({ indicator: code, period: '2022', value: 5000, reason: 'El valor está en miles por error.', by: editor.name });
		const mail = await getDb().select().from(mailMessage).where(eq(mailMessage.toAddress, person.email));
		expect(mail).toHaveLength(1);

		await validateReportedValue(as(editor), key, { decision: 'reject', reason: 'Sin respaldo.' });
		expect(await stored(code, place.id, '2022')).toBeUndefined();
		expect((await listMyReports(as(person), place.id)).filter((item) => item.status === 'rejected').map((item) => item.value)).toEqual([50, 5000]);
	});
});
