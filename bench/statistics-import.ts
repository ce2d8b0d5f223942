// Imports one statistics CSV through the running app as an editor does — sign in, upload form, mapping and preview,
// commit, then the dataset page until the background job ends — while sampling the server process's resident memory
// (every 50 ms, and the kernel's high-water mark, reset once the server has started). Used by bench/statistics.ts.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Resident memory of a process now and its high-water mark, in MiB, from /proc. */
function memoryOf(pid: number): { rss: number; hwm: number } {
	const status = readFileSync(`/proc/${pid}/status`, 'utf8');
	const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
	return { rss: kib('VmRSS') / 1024, hwm: kib('VmHWM') / 1024 };
}

/** One step of the import: wall time and the highest resident memory sampled during it. */
export interface HttpImportStep {
	seconds: number;
	peakMiB: number;
}

/** What the import through the app measured. */
export interface HttpImportFigures {
	datasetId: string;
	bytes: number;
	/** The server's high-water mark from its start-up (migrations, reference data, caches) to the import. */
	startupPeakMiB: number;
	/** Resident memory when the import began. */
	beforeMiB: number;
	upload: HttpImportStep;
	preview: HttpImportStep;
	commit: HttpImportStep;
	/** The kernel's high-water mark during the import alone (reset just before it). */
	peakMiB: number;
	/** The longest the server took to answer a small page while the import ran (it keeps serving others). */
	slowestOtherRequestMs: number;
	/** The slowest `/healthz` (no database) of one every 200 ms: how long the server's event loop was held. */
	slowestLivenessMs: number;
}

/**
 * Runs the import against the server at `base` (process `pid`), signed in as `email`: upload of `csv`, the mapping
 * (long file, `territory;period;value`, decimal comma) and preview, the commit, then the dataset page until it no
 * longer says the import is running.
 */
export async function importOverHttp(options: { base: string; pid: number; csv: string; indicator: string; email: string; password: string }): Promise<HttpImportFigures> {
	const { base, pid } = options;
	const headers = { origin: base, accept: 'text/html' };
	const signIn = await fetch(`${base}/cuenta/entrar`, { method: 'POST', headers, body: new URLSearchParams({ email: options.email, password: options.password }), redirect: 'manual' });
	if (signIn.status !== 303) throw new Error(`sign in: ${signIn.status}`);
	const cookie = signIn.headers
		.getSetCookie()
		.map((value) => value.split(';')[0])
		.join('; ');
	const session = { ...headers, cookie };

	const startupPeakMiB = memoryOf(pid).hwm;
	// Writing 5 to clear_refs resets the high-water mark, so it holds the import's peak alone.
	writeFileSync(`/proc/${pid}/clear_refs`, '5');
	const beforeMiB = memoryOf(pid).rss;
	let stepPeak = beforeMiB;
	const sampler = setInterval(() => {
		stepPeak = Math.max(stepPeak, memoryOf(pid).rss);
	}, 50);
	// A small page fetched once a second while the import runs: the server should go on answering others.
	let slowestOtherRequestMs = 0;
	let probing = true;
	const probe = (async () => {
		while (probing) {
			const started = performance.now();
			await (await fetch(`${base}/estadisticas`)).arrayBuffer();
			slowestOtherRequestMs = Math.max(slowestOtherRequestMs, performance.now() - started);
			await new Promise((resolve) => setTimeout(resolve, 1000));
		}
	})();
	// The liveness answer needs no database: its slowest answer is the longest the event loop was held.
	let slowestLivenessMs = 0;
	const liveness = (async () => {
		while (probing) {
			const started = performance.now();
			// A keep-alive socket the server closed while its loop was held fails the fetch: ask again, timed from the first try.
			for (let tries = 0; tries < 5; tries++) {
				const answered = await fetch(`${base}/healthz`).then((response) => response.arrayBuffer().then(() => true), () => false);
				if (answered) break;
			}
			slowestLivenessMs = Math.max(slowestLivenessMs, performance.now() - started);
			await new Promise((resolve) => setTimeout(resolve, 200));
		}
	})();
	const step = async <T>(work: () => Promise<T>): Promise<{ result: T; figures: HttpImportStep }> => {
		stepPeak = memoryOf(pid).rss;
		const started = performance.now();
		const result = await work();
		return { result, figures: { seconds: (performance.now() - started) / 1000, peakMiB: Math.max(stepPeak, memoryOf(pid).rss) } };
	};

	try {
		const bytes = readFileSync(options.csv);
		const upload = await step(async () => {
			const form = new FormData();
			form.set('title', 'Bench: un millón de observaciones');
			form.set('publisher', 'Cabildo bench');
			form.set('file', new Blob([bytes], { type: 'text/csv' }), path.basename(options.csv));
			const response = await fetch(`${base}/estadisticas/importar`, { method: 'POST', headers: session, body: form, redirect: 'manual' });
			const location = response.headers.get('location') ?? '';
			const id = /conjuntos\/([0-9a-f-]{36})/.exec(location)?.[1];
			if (response.status !== 303 || !id) throw new Error(`upload: ${response.status} ${(await response.text()).slice(0, 300)}`);
			return id;
		});
		const datasetId = upload.result;
		const page = `${base}/estadisticas/conjuntos/${datasetId}`;
		const post = async (action: string, fields: Record<string, string>) => {
			const response = await fetch(`${page}?/${action}`, { method: 'POST', headers: session, body: new URLSearchParams(fields), redirect: 'manual' });
			if (response.status !== 303) throw new Error(`${action}: ${response.status} ${(await response.text()).slice(0, 300)}`);
		};
		const preview = await step(() =>
			post('preview', { layout: 'long', territoryColumn: 'territory', periodColumn: 'period', valueColumn: 'value', indicator: options.indicator, level: 'municipality', decimal: ',', thousands: 'none', status: 'A' })
		);
		const commit = await step(async () => {
			await post('commit', {});
			// The page refreshes itself every two seconds while the job runs; polling it is what the editor sees.
			for (;;) {
				const html = await (await fetch(page, { headers: session })).text();
				if (!html.includes('http-equiv="refresh"')) return;
				await new Promise((resolve) => setTimeout(resolve, 500));
			}
		});
		return { datasetId, bytes: bytes.length, startupPeakMiB, beforeMiB, upload: upload.figures, preview: preview.figures, commit: commit.figures, peakMiB: memoryOf(pid).hwm, slowestOtherRequestMs, slowestLivenessMs };
	} finally {
		probing = false;
		clearInterval(sampler);
		await Promise.all([probe, liveness]);
	}
}

