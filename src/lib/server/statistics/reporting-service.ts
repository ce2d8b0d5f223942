// Municipal reporting: an official enters a value for their own municipality; it is provisional (SDMX status P)
// until a statistics editor validates it (A) or rejects it, which puts back the value it replaced.
import { z } from 'zod';
import { nameUnit } from './unit-names';
import { recordAudit } from '../audit';
import { getConfig } from '../config';
import type { Actor, Locale, ServiceContext } from '../context';
import { getDb, type Executor } from '../db';
import { inTransaction } from '../db/transaction';
import { AppError, type FieldIssue } from '../errors/app-error';
import { parseInput, validationErrorFrom } from '../errors/zod';
import { localePrefix, translate } from '../i18n';
import { queueMail } from '../mail';
import { pageWindow, paginationFields } from '../pagination';
import { isOfficialOf, requireActor, requireRole } from '../policy';
import { getGazetteer } from '../territories';
import { detectNumberFormat, parseNumber } from './csv-dialect';
import { describeTerritory } from './indicator-service';
import { normalizePeriod, periodicityOf, periodStart, type Periodicity } from './periods';
import { refreshRollups } from './rollups';
import * as queries from './reporting-queries';
import { ZIndicatorCode, ZReportedValue } from './schema';

const REJECTED = 'statistics.report_rejected';
const MY_VALUES_SHOWN = 100;
const MY_REJECTIONS_SHOWN = 20;

const localized = (texts: Record<string, string>, locale: Locale) => texts[locale] || texts.es || Object.values(texts).find(Boolean) || '';

async function territoryOf(db: Executor, municipalityId: string, locale: Locale) {
	const gazetteer = await getGazetteer(db);
	if (!gazetteer.get(municipalityId)) throw new AppError('NOT_FOUND');
	const { name, context } = describeTerritory(gazetteer, 'municipality', municipalityId, locale);
	return { id: municipalityId, name, context };
}

/** The municipalities an actor is an official of, in grant order. */
const officialMunicipalities = (actor: Actor) => [...new Set(actor.roles.filter((grant) => grant.role === 'municipal_official' && grant.municipalityId).map((grant) => grant.municipalityId as string))];

function requireOfficial(ctx: ServiceContext, municipalityId: unknown): { actor: Actor; municipalityId: string } {
	const actor = requireActor(ctx.actor);
	if (typeof municipalityId !== 'string' || !isOfficialOf(actor, municipalityId)) throw new AppError('FORBIDDEN');
	return { actor, municipalityId };
}

/**
 * Reads a number as people type it in Spanish or Portuguese ("1.234,5") or with a decimal point ("1234.5"). One
 * separator followed by three digits ("1.234", "1,234") is a thousands separator when the indicator has fewer than
 * three decimals; otherwise it is ambiguous and refused rather than guessed.
 */
export function readReportedNumber(raw: string, decimals: number): { ok: true; value: number } | { ok: false; messageKey: string } {
	const readings = (['.', ','] as const).map((fallback) => parseNumber(raw, detectNumberFormat([raw], fallback)));
	const values = [...new Set(readings.flatMap((reading) => (reading.ok ? [reading.value] : [])))];
	if (!values.length) return { ok: false, messageKey: 'error_report_value_number' };
	if (values.length === 1) return { ok: true, value: values[0] };
	// The two readings differ by a factor of a thousand: the larger one takes the separator for thousands.
	if (decimals < 3) return { ok: true, value: values.reduce((a, b) => (Math.abs(b) > Math.abs(a) ? b : a)) };
	return { ok: false, messageKey: 'error_report_value_ambiguous' };
}

/** A period as typed ("2024", "2024-q3", "2024-M07") in canonical form, if it is one of the indicator's periodicity. */
function readPeriod(raw: string, periodicity: Periodicity): string | null {
	const period = normalizePeriod(raw.replace(/\s+/g, '').toUpperCase());
	return period && periodicityOf(period) === periodicity ? period : null;
}

// Values for periods starting more than a year from now are refused (a typo, not a forecast).
function tooFarAhead(period: string, now = new Date()): boolean {
	const limit = new Date(now);
	limit.setUTCFullYear(limit.getUTCFullYear() + 1);
	return periodStart(period) > limit;
}

/**
 * A municipal official enters a value of an indicator for their municipality: stored as provisional (P) with no
 * dataset, the earlier value kept as a revision. A validated value (A) cannot be overwritten this way.
 */
export async function reportMunicipalValue(ctx: ServiceContext, municipalityId: unknown, input: unknown): Promise<{ indicator: string; period: string; value: number }> {
	const { actor, municipalityId: territoryId } = requireOfficial(ctx, municipalityId);
	const db = ctx.tx ?? getDb();
	await territoryOf(db, territoryId, ctx.locale);
	const parsed = ZReportedValue.safeParse(input);
	if (!parsed.success) {
		// The indicator comes from a select: whatever is wrong with it, the person should pick one from the list.
		const { fields } = validationErrorFrom(parsed.error);
		throw new AppError('VALIDATION', { fields: fields.map((issue) => (issue.field === 'indicator' ? { field: 'indicator', messageKey: 'error_report_indicator_unknown' } : issue)) });
	}
	const data = parsed.data;
	const rule = await queries.selectIndicatorRule(db, data.indicator);
	const issues: FieldIssue[] = [];
	if (!rule) issues.push({ field: 'indicator', messageKey: 'error_report_indicator_unknown' });
	else if (rule.formula || rule.builtIn || !rule.levels.includes('municipality')) issues.push({ field: 'indicator', messageKey: 'error_report_indicator_not_reportable' });
	const periodicity = (rule?.periodicity ?? 'annual') as Periodicity;
	const period = readPeriod(data.period, periodicity);
	if (!data.period) issues.push({ field: 'period', messageKey: 'error_field_required' });
	else if (!period) issues.push({ field: 'period', messageKey: `error_report_period_${periodicity}` });
	else if (tooFarAhead(period)) issues.push({ field: 'period', messageKey: 'error_report_period_future' });
	const number = readReportedNumber(data.value, rule?.decimals ?? 0);
	if (!number.ok) issues.push({ field: 'value', messageKey: number.messageKey });
	if (issues.length || !period || !number.ok) throw new AppError('VALIDATION', { fields: issues });
	const key = { indicatorCode: data.indicator, territoryId, period };
	const note = data.note || null;
	await inTransaction(ctx.tx, async (tx) => {
		const current = await queries.selectObservationForUpdate(tx, key);
		if (current?.status === 'A') throw new AppError('VALIDATION', { fields: [{ field: 'period', messageKey: 'error_report_validated' }] });
		if (!current) {
			if (!(await queries.insertObservation(tx, key, { value: number.value, status: 'P', note, updatedBy: actor.id }))) throw new AppError('CONFLICT');
		} else {
			await queries.insertRevision(tx, key, current, actor.id);
			await queries.updateObservation(tx, key, { value: number.value, status: 'P', note, datasetId: null, updatedBy: actor.id, updatedAt: new Date() });
		}
		await recordAudit(tx, {
			actorId: actor.id,
			action: 'statistics.value_reported',
			subjectType: 'municipality',
			subjectId: territoryId,
			details: { indicator: key.indicatorCode, period, value: number.value, previous: current ? { value: current.value, status: current.status } : null },
			requestId: ctx.requestId
		});
		// The unit's and the country's roll-up of this period follow the value in the same commit.
		await refreshRollups(tx, key.indicatorCode, [period]);
	});
	return { indicator: key.indicatorCode, period, value: number.value };
}

/** The indicators an official can report, in the reader's language. */
async function reportableIndicators(ctx: ServiceContext) {
	return (await queries.selectReportableIndicators(ctx.tx ?? getDb()))
		.map((row) => ({ code: row.code, name: localized(row.names, ctx.locale), unit: row.unit, unitName: nameUnit(row.unit, ctx.locale), unitMultiplier: row.unitMultiplier, decimals: row.decimals, periodicity: row.periodicity as Periodicity }))
		.sort((a, b) => a.name.localeCompare(b.name, ctx.locale));
}

export type ReportStatus = 'A' | 'E' | 'P' | 'M' | 'F' | 'rejected';

/**
 * A municipality's values of indicators measured by municipality, newest first, for its officials: reported or
 * imported, with their status, and the reports an editor rejected (with the reason).
 */
export async function listMyReports(ctx: ServiceContext, municipalityId: unknown) {
	const { municipalityId: territoryId } = requireOfficial(ctx, municipalityId);
	const db = ctx.tx ?? getDb();
	const values = await queries.selectMunicipalityValues(db, territoryId, MY_VALUES_SHOWN);
	const rejections = await queries.selectRejections(db, territoryId, REJECTED, MY_REJECTIONS_SHOWN);
	const rejectedCodes = [...new Set(rejections.map((row) => String(row.details.indicator ?? '')))];
	const names = new Map((await queries.selectIndicatorNames(db, rejectedCodes)).map((row) => [row.code, row]));
	const items = [
		...values.map((row) => ({
			indicator: row.indicatorCode,
			indicatorName: localized(row.names, ctx.locale),
			unit: row.unit,
			unitName: nameUnit(row.unit, ctx.locale),
			decimals: row.decimals,
			period: row.period,
			value: row.value,
			status: row.status as ReportStatus,
			reported: row.datasetId === null && !row.builtIn,
			note: row.note,
			reason: null as string | null,
			// A value entered by an account deleted since is shown as by a former user.
			by: row.datasetId === null && !row.builtIn ? (row.byName ?? translate('account_former_user', ctx.locale)) : null,
			at: row.updatedAt.toISOString()
		})),
		...rejections.map((row) => {
			const details = row.details as { indicator?: string; period?: string; value?: number | null; reason?: string };
			const indicator = names.get(details.indicator ?? '');
			return {
				indicator: details.indicator ?? '',
				indicatorName: indicator ? localized(indicator.names, ctx.locale) : (details.indicator ?? ''),
				unit: indicator?.unit ?? '',
				unitName: nameUnit(indicator?.unit ?? '', ctx.locale),
				decimals: indicator?.decimals ?? 0,
				period: details.period ?? '',
				value: details.value ?? null,
				status: 'rejected' as ReportStatus,
				reported: true,
				note: null,
				reason: details.reason ?? null,
				by: row.byName ?? translate('account_former_user', ctx.locale),
				at: row.occurredAt.toISOString()
			};
		})
	];
	return items.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0)).slice(0, MY_VALUES_SHOWN);
}

const ZReportPageQuery = z.object({ municipio: z.string().max(40).optional() });

/**
 * The reporting page of an official: the municipalities they report for (the chosen one, or their first), the
 * indicators they can report and their municipality's recent values.
 */
export async function getReportPage(ctx: ServiceContext, input: unknown = {}) {
	const actor = requireActor(ctx.actor);
	const query = parseInput(ZReportPageQuery, input);
	const ids = officialMunicipalities(actor);
	if (!ids.length) throw new AppError('FORBIDDEN');
	const municipalityId = query.municipio && ids.includes(query.municipio) ? query.municipio : ids[0];
	const gazetteer = await getGazetteer(ctx.tx ?? getDb());
	const municipalities = ids.filter((id) => gazetteer.get(id)).map((id) => ({ id, ...describeTerritory(gazetteer, 'municipality', id, ctx.locale) }));
	return {
		municipalityId,
		municipalities: municipalities.map(({ id, name, context }) => ({ id, name, context })),
		indicators: await reportableIndicators(ctx),
		reports: await listMyReports(ctx, municipalityId)
	};
}

const ZPendingQuery = z.object({ ...paginationFields(25) });

/** Statistics editors' queue: provisional values entered by officials, oldest first, with what each would replace. */
export async function listPendingReports(ctx: ServiceContext, input: unknown = {}) {
	requireRole(ctx.actor, 'statistics_editor');
	const query = parseInput(ZPendingQuery, input);
	const db = ctx.tx ?? getDb();
	const { rows, total } = await queries.selectPendingPage(db, pageWindow(query));
	const gazetteer = await getGazetteer(db);
	return {
		items: rows.map((row) => {
			const place = describeTerritory(gazetteer, 'municipality', row.territoryId, ctx.locale);
			return {
				indicator: row.indicatorCode,
				indicatorName: localized(row.names, ctx.locale),
				unit: row.unit,
				unitName: nameUnit(row.unit, ctx.locale),
				decimals: row.decimals,
				municipalityId: row.territoryId,
				municipalityName: place.name,
				municipalityContext: place.context,
				period: row.period,
				value: row.value,
				note: row.note,
				reportedBy: row.reporterName ?? null,
				reportedByEmail: row.reporterEmail ?? null,
				reportedAt: row.updatedAt.toISOString(),
				previous: row.previousStatus === null ? null : { value: row.previousValue, status: row.previousStatus }
			};
		}),
		page: query.page,
		pageSize: query.pageSize,
		total
	};
}

const ZReportKey = z.object({
	indicator: ZIndicatorCode,
	municipality: z.string().trim().min(1).max(40),
	period: z.string().trim().min(1).max(10),
	/** When the report was entered, as the editor saw it: a newer report is not decided unseen. */
	reportedAt: z.string().max(40).optional()
});

const ZDecision = z.object({
	decision: z.enum(['accept', 'reject'], { message: 'error_field_invalid' }),
	reason: z.string().trim().max(1000, { message: 'error_field_too_long' }).optional()
});

/**
 * A statistics editor accepts a provisional report (P becomes A) or rejects it with a reason: the value it replaced
 * comes back from the latest revision, or the observation goes when there was none. Audited, and the official who
 * entered it is e-mailed, in one transaction.
 */
export async function validateReportedValue(ctx: ServiceContext, keyInput: unknown, input: unknown): Promise<{ decision: 'accept' | 'reject' }> {
	const actor = requireRole(ctx.actor, 'statistics_editor');
	const parsedKey = ZReportKey.safeParse(keyInput);
	if (!parsedKey.success) throw new AppError('NOT_FOUND');
	const { decision, reason } = parseInput(ZDecision, input);
	if (decision === 'reject' && !reason) throw new AppError('VALIDATION', { fields: [{ field: 'reason', messageKey: 'error_reason_required' }] });
	const key = { indicatorCode: parsedKey.data.indicator, territoryId: parsedKey.data.municipality, period: parsedKey.data.period };
	const place = await territoryOf(ctx.tx ?? getDb(), key.territoryId, ctx.locale);
	await inTransaction(ctx.tx, async (tx) => {
		const current = await queries.selectObservationForUpdate(tx, key);
		if (!current || current.status !== 'P' || current.datasetId !== null) throw new AppError('CONFLICT', { fields: [{ field: 'decision', messageKey: 'error_report_decided' }] });
		if (parsedKey.data.reportedAt && parsedKey.data.reportedAt !== current.updatedAt.toISOString()) {
			throw new AppError('CONFLICT', { fields: [{ field: 'decision', messageKey: 'error_report_changed' }] });
		}
		let restored: { value: number | null; status: string } | null = null;
		if (decision === 'accept') await queries.updateObservation(tx, key, { status: 'A' });
		else {
			const previous = await queries.selectLatestRevision(tx, key);
			if (previous) {
				await queries.updateObservation(tx, key, { value: previous.value, status: previous.status, note: previous.note, datasetId: previous.datasetId, updatedBy: actor.id, updatedAt: new Date() });
				await queries.deleteRevision(tx, previous.id);
				restored = { value: previous.value, status: previous.status };
			} else await queries.deleteObservation(tx, key);
		}
		// Accepted, the roll-up's status firms up; rejected, it goes back to the earlier value (or loses this one).
		await refreshRollups(tx, key.indicatorCode, [key.period]);
		await recordAudit(tx, {
			actorId: actor.id,
			action: decision === 'accept' ? 'statistics.report_accepted' : REJECTED,
			subjectType: 'municipality',
			subjectId: key.territoryId,
			details: { indicator: key.indicatorCode, period: key.period, value: current.value, reportedBy: current.updatedBy, reason: reason ?? null, restored },
			requestId: ctx.requestId
		});
		const official = current.updatedBy ? await queries.selectUserContact(tx, current.updatedBy) : undefined;
		if (official) {
			const rule = await queries.selectIndicatorRule(tx, key.indicatorCode);
			const params = {
				indicator: rule ? localized(rule.names, ctx.locale) : key.indicatorCode,
				municipality: place.name,
				period: key.period,
				value: current.value === null ? '—' : new Intl.NumberFormat(ctx.locale, { maximumFractionDigits: 6 }).format(current.value),
				reason: reason ?? '',
				url: new URL(`${localePrefix(ctx.locale)}/estadisticas/reportar?municipio=${encodeURIComponent(key.territoryId)}`, getConfig().origin).toString()
			};
			const kind = decision === 'accept' ? 'accepted' : 'rejected';
			await queueMail(tx, { to: official.email, subject: translate(`mail_report_${kind}_subject`, ctx.locale, params), text: translate(`mail_report_${kind}_body`, ctx.locale, params) });
		}
	});
	return { decision };
}
