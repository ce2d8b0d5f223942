// Values municipal officials report and statistics editors validate (the only place the reporting touches tables).
import { and, asc, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Executor } from '../db';
import { user } from '../db/schema/auth';
import { auditEvent } from '../db/schema/platform';
import { indicator, observation, observationRevision } from '../db/schema/statistics';

/** One reported value's key: officials report at the municipality level only. */
export interface ReportKey {
	indicatorCode: string;
	territoryId: string;
	period: string;
}

const LEVEL = 'municipality';

const observationAt = (key: ReportKey) =>
	and(eq(observation.indicatorCode, key.indicatorCode), eq(observation.level, LEVEL), eq(observation.territoryId, key.territoryId), eq(observation.period, key.period));

const revisionAt = (key: ReportKey) =>
	and(
		eq(observationRevision.indicatorCode, key.indicatorCode),
		eq(observationRevision.level, LEVEL),
		eq(observationRevision.territoryId, key.territoryId),
		eq(observationRevision.period, key.period)
	);

const reportable = and(isNull(indicator.formula), eq(indicator.builtIn, false), sql`${LEVEL} = any(${indicator.levels})`);

/** Indicators an official may report: stored (no formula, not built in) and measured by municipality. */
export async function selectReportableIndicators(db: Executor) {
	return db
		.select({ code: indicator.code, names: indicator.names, unit: indicator.unit, unitMultiplier: indicator.unitMultiplier, decimals: indicator.decimals, periodicity: indicator.periodicity })
		.from(indicator)
		.where(reportable)
		.orderBy(asc(indicator.code));
}

/** What a report is checked against: the indicator's levels, periodicity, formula and whether it is built in. */
export async function selectIndicatorRule(db: Executor, code: string) {
	const [row] = await db
		.select({ code: indicator.code, names: indicator.names, unit: indicator.unit, decimals: indicator.decimals, levels: indicator.levels, periodicity: indicator.periodicity, formula: indicator.formula, builtIn: indicator.builtIn })
		.from(indicator)
		.where(eq(indicator.code, code))
		.limit(1);
	return row;
}

/** The names of some indicators, by code. */
export async function selectIndicatorNames(db: Executor, codes: string[]) {
	if (!codes.length) return [];
	return db.select({ code: indicator.code, names: indicator.names, unit: indicator.unit, decimals: indicator.decimals }).from(indicator).where(inArray(indicator.code, codes));
}

/** The current value of a key, locked until the transaction ends. */
export async function selectObservationForUpdate(tx: Executor, key: ReportKey) {
	const [row] = await tx
		.select({ value: observation.value, status: observation.status, note: observation.note, datasetId: observation.datasetId, updatedBy: observation.updatedBy, updatedAt: observation.updatedAt })
		.from(observation)
		.where(observationAt(key))
		.for('update')
		.limit(1);
	return row;
}

/** Keeps a value about to be replaced as a revision: by whom and when (now). */
export async function insertRevision(tx: Executor, key: ReportKey, previous: { value: number | null; status: string; note: string | null; datasetId: string | null }, replacedBy: string): Promise<void> {
	await tx.insert(observationRevision).values({ ...key, level: LEVEL, value: previous.value, status: previous.status, note: previous.note, datasetId: previous.datasetId, replacedBy });
}

/** Adds a value for a key nobody has a value for; false when someone added one in the meantime. */
export async function insertObservation(tx: Executor, key: ReportKey, values: { value: number; status: string; note: string | null; updatedBy: string }): Promise<boolean> {
	const rows = await tx
		.insert(observation)
		.values({ ...key, level: LEVEL, ...values, datasetId: null, updatedAt: new Date() })
		.onConflictDoNothing()
		.returning({ period: observation.period });
	return rows.length > 0;
}

/** Changes the current value of a key. */
export async function updateObservation(
	tx: Executor,
	key: ReportKey,
	values: Partial<{ value: number | null; status: string; note: string | null; datasetId: string | null; updatedBy: string; updatedAt: Date }>
): Promise<void> {
	await tx.update(observation).set(values).where(observationAt(key));
}

/** Removes the value of a key. */
export async function deleteObservation(tx: Executor, key: ReportKey): Promise<void> {
	await tx.delete(observation).where(observationAt(key));
}

/** The value a key had just before its current one, if any. */
export async function selectLatestRevision(tx: Executor, key: ReportKey) {
	const [row] = await tx
		.select({ id: observationRevision.id, value: observationRevision.value, status: observationRevision.status, note: observationRevision.note, datasetId: observationRevision.datasetId })
		.from(observationRevision)
		.where(revisionAt(key))
		.orderBy(desc(observationRevision.replacedAt), desc(observationRevision.id))
		.limit(1);
	return row;
}

/** Forgets a revision (its value is the current one again). */
export async function deleteRevision(tx: Executor, id: string): Promise<void> {
	await tx.delete(observationRevision).where(eq(observationRevision.id, id));
}

/** A user's name and address, for the e-mail about their report. */
export async function selectUserContact(db: Executor, id: string) {
	const [row] = await db.select({ name: user.name, email: user.email }).from(user).where(eq(user.id, id)).limit(1);
	return row;
}

// Reports waiting for an editor: provisional, entered by hand (no import), by municipality.
const pending = and(eq(observation.status, 'P'), isNull(observation.datasetId), eq(observation.level, LEVEL));

/**
 * A page of the reports waiting for validation, oldest first, with the indicator, who entered each and the value
 * it replaced (the latest revision of its key, if any).
 */
export async function selectPendingPage(db: Executor, window: { limit: number; offset: number }) {
	const previous = (column: 'value' | 'status') =>
		sql`(select r.${sql.raw(column)} from ${observationRevision} r
			where r.indicator_code = ${observation.indicatorCode} and r.level = ${observation.level}
			and r.territory_id = ${observation.territoryId} and r.period = ${observation.period}
			order by r.replaced_at desc, r.id desc limit 1)`;
	const rows = await db
		.select({
			indicatorCode: observation.indicatorCode,
			territoryId: observation.territoryId,
			period: observation.period,
			value: observation.value,
			note: observation.note,
			updatedAt: observation.updatedAt,
			names: indicator.names,
			unit: indicator.unit,
			decimals: indicator.decimals,
			reporterName: user.name,
			reporterEmail: user.email,
			previousValue: sql<number | null>`${previous('value')}`.mapWith((value) => (value === null ? null : Number(value))),
			previousStatus: sql<string | null>`${previous('status')}`
		})
		.from(observation)
		.innerJoin(indicator, eq(indicator.code, observation.indicatorCode))
		.leftJoin(user, eq(user.id, observation.updatedBy))
		.where(pending)
		.orderBy(asc(observation.updatedAt), asc(observation.indicatorCode), asc(observation.territoryId), asc(observation.period))
		.limit(window.limit)
		.offset(window.offset);
	const [{ total }] = await db.select({ total: sql<number>`count(*)::int` }).from(observation).where(pending);
	return { rows, total };
}

/** A municipality's latest values (of every indicator, reported or imported), newest first, with who entered them. */
export async function selectMunicipalityValues(db: Executor, territoryId: string, limit: number) {
	return db
		.select({
			indicatorCode: observation.indicatorCode,
			period: observation.period,
			value: observation.value,
			status: observation.status,
			note: observation.note,
			datasetId: observation.datasetId,
			updatedAt: observation.updatedAt,
			names: indicator.names,
			unit: indicator.unit,
			decimals: indicator.decimals,
			builtIn: indicator.builtIn,
			byName: user.name
		})
		.from(observation)
		.innerJoin(indicator, eq(indicator.code, observation.indicatorCode))
		.leftJoin(user, eq(user.id, observation.updatedBy))
		.where(and(eq(observation.territoryId, territoryId), eq(observation.level, LEVEL)))
		.orderBy(desc(observation.updatedAt), asc(observation.indicatorCode), desc(observation.period))
		.limit(limit);
}

/** The audit events of a municipality's rejected reports, newest first (what was refused, by whom, why). */
export async function selectRejections(db: Executor, territoryId: string, action: string, limit: number) {
	return db
		.select({ occurredAt: auditEvent.occurredAt, details: auditEvent.details, byName: user.name })
		.from(auditEvent)
		.leftJoin(user, eq(user.id, auditEvent.actorId))
		.where(and(eq(auditEvent.subjectType, 'municipality'), eq(auditEvent.subjectId, territoryId), eq(auditEvent.action, action)))
		.orderBy(desc(auditEvent.occurredAt), desc(auditEvent.id))
		.limit(limit);
}
