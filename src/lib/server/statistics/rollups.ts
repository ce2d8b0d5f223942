// Materialised roll-ups (decision 0017): each first-level unit's and country's roll-up of its municipalities, by
// indicator and period, kept in observation_rollup by every change of municipal values in that change's own
// transaction (an import, a dataset's deletion, a report, a validation, the built-in indicators and the gazetteer
// they follow, an edited rule), so a read costs the rows it shows.
import { z } from 'zod';
import { getDb, type Executor } from '../db';
import { inTransaction } from '../db/transaction';
import { defineJob, enqueueJob, handleJob, type JobHandler } from '../jobs';
import { logger } from '../logger';
import type { AggregationRule } from './aggregation';
import { computeShape, rollUp, type LevelShape } from './cells';
import * as queries from './queries';
import * as rollupQueries from './rollup-queries';
import type { Level } from './territory-resolver';

/** The levels a municipality rolls up into. */
const ROLLED_UP_LEVELS: readonly Level[] = ['country', 'admin1'];

/** Rows written per statement: one JSON parameter of about 500 kB. */
const BATCH = 5_000;

/**
 * Recomputes an indicator's roll-ups (of some periods only, when given: what a report or a small import changed) and
 * replaces them, in the caller's transaction. The municipalities and their populations are read in that transaction
 * too, not from the in-memory gazetteer, which may be a few seconds behind a load that just committed. Computed with
 * the read path's own `rollUp` over one period's municipal values at a time: the JavaScript sum is compensated
 * (Neumaier) and order-independent, which PostgreSQL's float8 `sum` is not, so a set-based `group by` would publish
 * other last digits than before (measured in docs/benchmarks.md: the whole refresh is a small part of an import).
 */
export async function refreshRollups(db: Executor, code: string, periods?: readonly string[]): Promise<{ rows: number }> {
	// Its own transaction when called outside one: the lock and the replacement must be one commit.
	return inTransaction(db, (tx) => replaceRollups(tx, code, periods));
}

async function replaceRollups(tx: Executor, code: string, periods?: readonly string[]): Promise<{ rows: number }> {
	await rollupQueries.lockIndicatorRollups(tx, code);
	const rule = await rollupQueries.selectIndicatorRule(tx, code);
	if (!rule) return { rows: 0 };
	await rollupQueries.deleteRollups(tx, code, periods);
	// A derived indicator is computed from its inputs, which are materialised themselves; one without a rule has none.
	if (rule.formula !== null || rule.aggregation === 'none') {
		await rollupQueries.storeRollupState(tx, code, null);
		return { rows: 0 };
	}
	const members = await rollupQueries.selectMembers(tx);
	const shapes = ROLLED_UP_LEVELS.map((level) => [level, computeShape(members, level)] as const);
	const wanted = periods ?? (await queries.selectPeriods(tx, code, 'municipality')).map((row) => row.period);
	let rows = 0;
	for (const period of new Set(wanted)) {
		const municipal = await queries.selectValues(tx, code, 'municipality', period);
		if (!municipal.length) continue;
		rows += await writePeriod(tx, code, rule.aggregation as AggregationRule, period, municipal, shapes);
	}
	await rollupQueries.storeRollupState(tx, code, rule.aggregation);
	return { rows };
}

async function writePeriod(
	tx: Executor,
	code: string,
	rule: AggregationRule,
	period: string,
	municipal: { territory_id: string; value: number | null; status: string }[],
	shapes: readonly (readonly [Level, LevelShape])[]
): Promise<number> {
	let written = 0;
	for (const [level, shape] of shapes) {
		const batch: rollupQueries.RollupRow[] = [];
		for (const [territory, cell] of rollUp(shape, rule, municipal)) {
			batch.push({ territory_id: territory, period, value: cell.value, status: cell.status, missing: cell.missing, reported: cell.coverage?.reported ?? 0, expected: cell.coverage?.expected ?? 0 });
			if (batch.length >= BATCH) written += await flush(tx, code, level, batch);
		}
		written += await flush(tx, code, level, batch);
	}
	return written;
}

async function flush(tx: Executor, code: string, level: Level, batch: rollupQueries.RollupRow[]): Promise<number> {
	const rows = batch.splice(0);
	await rollupQueries.insertRollups(tx, code, level, rows);
	return rows.length;
}

/** Refreshes the roll-ups of some indicators' periods (`periods` by indicator code): what an import or a deletion touched. */
export async function refreshRollupsOf(tx: Executor, keys: readonly { indicator_code: string; period: string }[]): Promise<void> {
	const byCode = new Map<string, string[]>();
	for (const key of keys) {
		let list = byCode.get(key.indicator_code);
		if (!list) byCode.set(key.indicator_code, (list = []));
		list.push(key.period);
	}
	// In code order, as refreshAllRollups takes them: two transactions locking several indicators never deadlock.
	for (const code of [...byCode.keys()].sort()) await refreshRollups(tx, code, byCode.get(code));
}

/**
 * Refreshes every stored indicator's roll-ups: after the gazetteer changed (its municipalities are the roll-ups'
 * members, their count the coverage's denominator and their population a mean's weight) and with the built-in values.
 */
export async function refreshAllRollups(tx: Executor): Promise<void> {
	for (const code of (await rollupQueries.selectStoredIndicatorCodes(tx)).sort()) await refreshRollups(tx, code);
}

/**
 * Materialises the roll-ups of one indicator whose rows are missing or were computed by another rule (a database
 * migrated from before decision 0017). Until it runs, reads of that indicator roll up on the fly, as before.
 */
export const refreshRollupsJob = defineJob('statistics.refresh-rollups', z.object({ indicatorCode: z.string().min(1) }), {
	policy: 'exclusive',
	retryLimit: 3,
	retryDelaySeconds: 30,
	expireInSeconds: 30 * 60
});

/** Enqueues a refresh for every indicator whose roll-ups are not materialised by its current rule (at start). */
export async function enqueueStaleRollups(db: Executor = getDb()): Promise<number> {
	let queued = 0;
	for (const code of await rollupQueries.selectStaleRollupCodes(db)) if (await enqueueJob(db, refreshRollupsJob, { indicatorCode: code }, { singletonKey: code })) queued++;
	if (queued) logger.info({ queued }, 'roll-up refreshes queued for indicators not yet materialised');
	return queued;
}

/** The handler of the refresh job (listed with the statistics module's other handlers). */
export const refreshRollupsHandler: JobHandler = handleJob(refreshRollupsJob, async ({ indicatorCode }) => {
	const { rows } = await refreshRollups(getDb(), indicatorCode);
	logger.info({ indicatorCode, rows }, 'roll-ups materialised');
});
