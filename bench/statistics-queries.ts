// The query half of bench/statistics.ts, in a process started with the server's Node flags (bench/server.ts), so the
// figures are those of the process users run: the ranking of every municipality for a year and by latest value, a
// time series of five municipalities and a derived indicator, as service calls against DATABASE_URL or DATA_DIR.
// Prints one JSON line.
import { openDatabase } from '../src/lib/server/db/client';
import { municipality } from '../src/lib/server/db/schema';
import { useDatabase } from '../src/lib/server/db';
import { getIndicatorSeries, getIndicatorTable } from '../src/lib/server/statistics/indicator-service';

const env = (name: string) => {
	const value = process.env[name];
	if (!value) throw new Error(`${name} is required`);
	return value;
};
const code = env('BENCH_INDICATOR');
const derivedCode = env('BENCH_DERIVED');
const populationYear = env('BENCH_POPULATION_YEAR');
const years = env('BENCH_YEARS').split(',');
const runs = Number(env('BENCH_RUNS'));
const WARMUP = 20;

/** A small deterministic generator, so every run draws the same territories. */
function random(seed: number) {
	let state = seed >>> 0;
	return () => {
		state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
		return state / 2 ** 32;
	};
}

/** p50 and p99 of a service call in milliseconds: 20 warm-up calls, then `runs` measured ones. */
async function measure(call: (n: number) => Promise<unknown>) {
	for (let n = 0; n < WARMUP; n++) await call(n);
	const times: number[] = [];
	for (let n = 0; n < runs; n++) {
		const started = performance.now();
		await call(WARMUP + n);
		times.push(performance.now() - started);
	}
	times.sort((a, b) => a - b);
	const at = (p: number) => times[Math.min(times.length - 1, Math.ceil(p * times.length) - 1)];
	return { p50: at(0.5), p99: at(0.99) };
}

const database = await openDatabase({ databaseUrl: process.env.DATABASE_URL, dataDir: process.env.DATA_DIR });
useDatabase(database);
const ctx = { locale: 'es' as const };
try {
	const ids = (await database.db.select({ id: municipality.id }).from(municipality).orderBy(municipality.id)).map((row) => row.id);
	const ranking = await measure((n) => getIndicatorTable(ctx, code, { level: 'municipality', period: years[n % years.length] }));
	const latest = await measure(() => getIndicatorTable(ctx, code, { level: 'municipality' }));
	const draw = random(11);
	const series = await measure(() => getIndicatorSeries(ctx, code, { level: 'municipality', territories: Array.from({ length: 5 }, () => ids[Math.floor(draw() * ids.length)]) }));
	const derived = await measure(() => getIndicatorTable(ctx, derivedCode, { level: 'municipality', period: populationYear }));
	const derivedRows = (await getIndicatorTable(ctx, derivedCode, { level: 'municipality', period: populationYear })).ranked;
	console.log(JSON.stringify({ ranking, latest, series, derived, derivedRows, flags: process.execArgv.filter((flag) => flag.startsWith('--max')) }));
} finally {
	await database.close();
}
