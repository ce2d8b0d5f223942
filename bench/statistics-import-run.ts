// Imports one statistics CSV as the app does (upload, preview with the mapping, commit awaited) against DATABASE_URL
// or the PGlite in DATA_DIR, and prints {upload, preview, commit: {seconds, cpuSeconds, peak}, peakMiB, …} as one JSON
// line (used by bench/statistics.ts; the import's memory is this process's, the embedded database's included).
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { openDatabase } from '../src/lib/server/db/client';
import { useDatabase } from '../src/lib/server/db';
import { getDataset, previewImport, runImport, uploadDataset } from '../src/lib/server/statistics/import-service';
import type { Actor } from '../src/lib/server/context';

const csvPath = process.env.BENCH_CSV;
const code = process.env.BENCH_INDICATOR;
const actorId = process.env.BENCH_ACTOR;
if (!csvPath || !code || !actorId) throw new Error('BENCH_CSV, BENCH_INDICATOR and BENCH_ACTOR are required');

// Resident memory sampled every 50 ms, overall and per step (a busy event loop samples late; the kernel's high-water
// mark, read at the end, does not miss).
const MiB = 2 ** 20;
let sampledPeak = process.memoryUsage().rss;
let stepPeak = process.memoryUsage();
const sample = () => {
	const usage = process.memoryUsage();
	sampledPeak = Math.max(sampledPeak, usage.rss);
	if (usage.rss > stepPeak.rss) stepPeak = usage;
};
const sampler = setInterval(sample, 50);
/** Runs one step of the import: its wall time, CPU time of this process and sampled peak memory. */
async function step<T>(work: () => Promise<T>): Promise<{ result: T; seconds: number; cpuSeconds: number; peak: Record<string, number> }> {
	sample();
	stepPeak = process.memoryUsage();
	const cpu = process.cpuUsage();
	const started = performance.now();
	const result = await work();
	const seconds = (performance.now() - started) / 1000;
	const used = process.cpuUsage(cpu);
	sample();
	// At the step's highest sample: resident memory, the JavaScript heap, and buffers outside it (MiB).
	const peak = { rssMiB: stepPeak.rss / MiB, heapUsedMiB: stepPeak.heapUsed / MiB, heapTotalMiB: stepPeak.heapTotal / MiB, externalMiB: stepPeak.external / MiB };
	return { result, seconds, cpuSeconds: (used.user + used.system) / 1e6, peak };
}
// After loading the modules (imports are evaluated first), before opening the database.
const startRssMiB = process.memoryUsage().rss / MiB;

const database = await openDatabase({ databaseUrl: process.env.DATABASE_URL, dataDir: process.env.DATA_DIR });
useDatabase(database);
const openedRssMiB = process.memoryUsage().rss / MiB;
const actor: Actor = { id: actorId, email: 'bench-statistics@bench.invalid', name: 'Bench', roles: [{ role: 'statistics_editor', subRole: null, municipalityId: null }] };
const ctx = { actor, locale: 'es' as const };

// The upload form hands the service a File held in memory, as request.formData() does; nothing else keeps it.
const fileBytes = statSync(csvPath).size;
const upload = await step(() => uploadDataset(ctx, { title: 'Bench: un millón de observaciones', publisher: 'Cabildo bench', file: new File([readFileSync(csvPath)], path.basename(csvPath), { type: 'text/csv' }) }));
const id = upload.result.id;

const mapping = { layout: 'long', territoryColumn: 'territory', periodColumn: 'period', valueColumn: 'value', indicator: code, level: 'municipality', decimal: ',', thousands: 'none' };
const preview = await step(() => previewImport(ctx, id, mapping));
const commit = await step(() => runImport(ctx, id, actor.id));
clearInterval(sampler);

const dataset = await getDataset(ctx, id);
await database.close();
console.log(
	JSON.stringify({
		datasetId: id,
		bytes: fileBytes,
		observations: preview.result.observations,
		problems: preview.result.problemCount,
		status: dataset.status,
		report: dataset.report,
		failure: dataset.status === 'failed' ? dataset.problems : undefined,
		upload: { seconds: upload.seconds, cpuSeconds: upload.cpuSeconds, peak: upload.peak },
		preview: { seconds: preview.seconds, cpuSeconds: preview.cpuSeconds, peak: preview.peak },
		commit: { seconds: commit.seconds, cpuSeconds: commit.cpuSeconds, peak: commit.peak },
		startRssMiB,
		openedRssMiB,
		sampledPeakMiB: sampledPeak / MiB,
		// maxRSS is in kibibytes.
		peakMiB: process.resourceUsage().maxRSS / 1024
	})
);
