// `npm run bench` (second part), or `tsx bench/experiences.ts` alone: the experience bank with 100,000 generated
// published experiences on PostgreSQL — catalogue search with a text query and two facets, the experience page,
// and the CSV export's peak memory. Replaces the "Experience bank" section of docs/benchmarks.md.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import autocannon from 'autocannon';
import pg from 'pg';
import { startServer, stopServer, waitReady } from './server';

const COUNT = Number(process.env.BENCH_EXPERIENCES ?? 100_000);
const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = 20;
const PG_ADMIN_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const PORT = 4321;

// Words of municipal practice in Spanish and Portuguese, so stemming and ranking work on realistic text.
const words = `agua potable saneamiento residuos sólidos reciclaje compostaje presupuesto participativo vecinos barrio asamblea
consejo municipal transparencia rendición cuentas gobierno abierto datos catastro impuesto predial recaudación finanzas
salud atención primaria escuela educación alfabetización niñez juventud mujeres género violencia seguridad ciudadana
transporte público movilidad bicicleta ciclovía calles pavimento alumbrado mercado productores feria agricultura familiar
turismo comunitario artesanía empleo jóvenes emprendimiento cooperativa microcrédito vivienda asentamientos regularización
parque plaza espacio público árboles bosque cuenca río inundaciones riesgo protección civil clima energía solar
orçamento participativo moradores bairro resíduos coleta seletiva catadores saúde família escola merenda alimentação
mobilidade ônibus corredor ciclovia habitação regularização fundiária praça parque árvores enchentes defesa civil
água esgoto tratamento consórcio intermunicipal cooperação capacitação servidores planejamento plano diretor indicadores
resultados evaluación monitoreo comunidad indígena rural caminos conectividad internet gobierno digital trámites`
	.split(/\s+/)
	.filter(Boolean);

// Texts follow Zipf's law: word r of the vocabulary is drawn with probability ∝ 1/r. Fifty made-up words stand for
// the most frequent ones (as stopwords would), so the real words land where content words do (each in ~5–20% of
// texts), followed by 3,000 rarer made-up words.
const syllables = ['ca', 'lo', 'mi', 'ta', 're', 'su', 'no', 'pa', 'de', 'vi', 'ga', 'to', 'ri', 'se', 'mu', 'be'];
const madeUp = syllables.flatMap((a) => syllables.flatMap((b) => syllables.map((c) => `${a}${b}${c}`)));
const vocabulary = [...madeUp.slice(0, 50), ...words, ...madeUp.slice(50, 3050)];

function run(command: string, args: string[]) {
	const result = spawnSync(command, args, { stdio: 'inherit' });
	if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed`);
}

/** Generates published experiences straight in SQL (texts, places, tags, catalogue rows) in a few batches. */
async function generate(client: pg.Client): Promise<number> {
	const started = performance.now();
	await client.query(`create temporary table bench_vocabulary as select word, n::int from unnest($1::text[]) with ordinality as v(word, n)`, [vocabulary]);
	await client.query(`create index on bench_vocabulary (n)`);
	// floor(N^u) for uniform u is distributed ∝ 1/r: Zipf-like word ranks.
	const text = (count: number) =>
		`(select string_agg(v.word, ' ') from (select floor(power(${vocabulary.length}, random() + g * 0 + k * 0))::int as n from generate_series(1, ${count}) k) r join bench_vocabulary v on v.n = r.n)`;
	await client.query(`create temporary table bench_places as select id, country_code, population, row_number() over () as n from municipality`);
	await client.query(`create temporary table bench_themes as select code, row_number() over () as n from taxonomy_term where facet = 'theme'`);
	const places = (await client.query('select count(*)::int as n from bench_places')).rows[0].n as number;
	const themes = (await client.query('select count(*)::int as n from bench_themes')).rows[0].n as number;
	const batch = 10_000;
	for (let offset = 0; offset < COUNT; offset += batch) {
		const size = Math.min(batch, COUNT - offset);
		await client.query('begin');
		await client.query(
			`create temporary table bench_batch on commit drop as
			 select gen_random_uuid() as id, g as seq,
				${text(6)} as title,
				${text(30)} as summary,
				${text(150)} as body,
				1 + floor(random() * ${places})::int as place_n,
				1 + floor(random() * ${themes})::int as theme_n,
				1 + floor(random() * 17)::int as sdg_n,
				case when random() < 0.7 then 'es' else 'pt' end as locale,
				now() - (random() * interval '3650 days') as published_at,
				round((2 + random() * 3)::numeric, 2) as score
			 from generate_series($1::int, $2::int) g`,
			[offset + 1, offset + size]
		);
		await client.query(`insert into experience (id, state, original_locale, published_at, start_date, created_at)
			select id, 'published', locale, published_at, (published_at - interval '400 days')::date, published_at from bench_batch`);
		await client.query(`insert into experience_text (experience_id, locale, is_original, title, summary, context)
			select id, locale, true, title, summary, '<p>' || body || '</p>' from bench_batch`);
		await client.query(`insert into experience_municipality (experience_id, municipality_id)
			select b.id, p.id from bench_batch b join bench_places p on p.n = b.place_n`);
		await client.query(`insert into experience_term (experience_id, facet, code)
			select b.id, 'theme', t.code from bench_batch b join bench_themes t on t.n = b.theme_n
			union all select id, 'sdg', 'SDG' || lpad(sdg_n::text, 2, '0') from bench_batch`);
		await client.query(`insert into experience_listing (experience_id, published_at, year, countries, municipality_ids, themes, sdgs, size_band, score,
				recognised, original_locale, titles, summaries, is_demo, document)
			select b.id, b.published_at, extract(year from b.published_at)::int - 1, array[p.country_code], array[p.id], array[t.code],
				array['SDG' || lpad(b.sdg_n::text, 2, '0')],
				case when p.population is null then 'unknown' when p.population < 10000 then 'lt10k' when p.population < 50000 then '10k-50k'
					when p.population < 200000 then '50k-200k' when p.population < 1000000 then '200k-1m' else 'gt1m' end,
				b.score, b.score >= 4, b.locale, jsonb_build_object(b.locale, b.title), jsonb_build_object(b.locale, b.summary), true,
				setweight(to_tsvector(case b.locale when 'pt' then 'portuguese' else 'spanish' end::regconfig, b.title), 'A')
				|| setweight(to_tsvector(case b.locale when 'pt' then 'portuguese' else 'spanish' end::regconfig, b.summary), 'B')
				|| setweight(to_tsvector(case b.locale when 'pt' then 'portuguese' else 'spanish' end::regconfig, b.body), 'C')
			from bench_batch b join bench_places p on p.n = b.place_n join bench_themes t on t.n = b.theme_n`);
		await client.query('commit');
		process.stdout.write(`\r  generated ${offset + size} / ${COUNT}`);
	}
	await client.query('analyze');
	console.log();
	return (performance.now() - started) / 1000;
}

interface Figures {
	rps: number;
	p50: number;
	p99: number;
	errors: number;
}

async function measure(paths: () => string, connections = CONNECTIONS): Promise<Figures> {
	const result = await autocannon({
		url: `http://127.0.0.1:${PORT}`,
		connections,
		duration: DURATION,
		requests: [{ method: 'GET', setupRequest: (request) => ({ ...request, path: paths() }) }]
	});
	return { rps: Math.round(result.requests.average), p50: result.latency.p50, p99: result.latency.p99, errors: result.errors + result.non2xx };
}

/** Peak resident memory of a process so far (Linux), in MiB. */
function peakRssMiB(pid: number): number {
	const status = readFileSync(`/proc/${pid}/status`, 'utf8');
	return Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}
function currentRssMiB(pid: number): number {
	const status = readFileSync(`/proc/${pid}/status`, 'utf8');
	return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

async function main() {
	if (!existsSync('build/index.js')) run(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn']);
	const dbName = `cabildo_bench_exp_${process.pid}`;
	const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
	await admin.connect();
	await admin.query(`create database ${dbName}`);
	const url = new URL(PG_ADMIN_URL);
	url.pathname = `/${dbName}`;
	const lines: string[] = [];
	try {
		console.log('[experiences] first start (migrate, load reference data)…');
		let server = startServer(PORT, url.toString());
		await waitReady(PORT);
		await stopServer(server);
		const client = new pg.Client({ connectionString: url.toString() });
		client.on('error', () => undefined);
		await client.connect();
		console.log(`[experiences] generating ${COUNT} published experiences…`);
		const generateSeconds = await generate(client);
		const ids = (await client.query('select experience_id as id from experience_listing order by random() limit 5000')).rows.map((row) => row.id as string);
		const facets = (await client.query(`select t.code as theme, c as country from (select code from taxonomy_term where facet = 'theme') t,
			(select distinct country_code as c from municipality) cc order by random() limit 400`)).rows as { theme: string; country: string }[];
		await client.end();

		server = startServer(PORT, url.toString());
		await waitReady(PORT);
		let counter = 0;
		console.log('[experiences] catalogue search: a text query and two facets, every request different…');
		const search = await measure(() => {
			const n = counter++;
			const facet = facets[n % facets.length];
			const q = `${words[n % words.length]} ${words[(n * 7) % words.length]}`;
			return `/api/v1/experiences?q=${encodeURIComponent(q)}&theme=${facet.theme}&country=${facet.country}&n=${n}`;
		});
		console.log('[experiences] catalogue search: a text query alone (large result sets)…');
		const searchWide = await measure(() => {
			const n = counter++;
			return `/api/v1/experiences?q=${encodeURIComponent(words[n % words.length])}&n=${n}`;
		});
		console.log('[experiences] experience page, every request a different experience…');
		const page = await measure(() => `/experiencias/${ids[counter++ % ids.length]}?n=${counter}`);
		console.log('[experiences] experience page under light load (4 connections)…');
		const pageLight = await measure(() => `/experiencias/${ids[counter++ % ids.length]}?n=${counter}`, 4);
		const searchLight = await measure(() => {
			const n = counter++;
			const facet = facets[n % facets.length];
			return `/api/v1/experiences?q=${encodeURIComponent(`${words[n % words.length]} ${words[(n * 7) % words.length]}`)}&theme=${facet.theme}&country=${facet.country}&n=${n}`;
		}, 4);
		console.log('[experiences] CSV export of every published experience…');
		const before = currentRssMiB(server.pid!);
		const exportStarted = performance.now();
		const response = await fetch(`http://127.0.0.1:${PORT}/experiencias/export.csv`);
		let rows = -1;
		let bytes = 0;
		const decoder = new TextDecoder();
		for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
			bytes += chunk.length;
			rows += decoder.decode(chunk, { stream: true }).split('\n').length - 1;
		}
		const exportSeconds = (performance.now() - exportStarted) / 1000;
		const peak = peakRssMiB(server.pid!);
		await stopServer(server);

		const verdict = (met: boolean) => (met ? 'met' : 'not met');
		lines.push(
			'## Experience bank (100,000 published experiences, PostgreSQL)',
			'',
			`Measured by \`npm run bench\` (bench/experiences.ts) on ${new Date().toISOString().slice(0, 10)}: ${os.cpus().length} cores, Node ${process.version}, PostgreSQL server on the same machine, autocannon with ${CONNECTIONS} connections for ${DURATION} s per row, every request different (no response-cache hits). ${COUNT.toLocaleString('en')} published experiences generated in SQL in ${generateSeconds.toFixed(0)} s (texts of 6 + 30 + 150 words drawn by Zipf's law from ${vocabulary.length.toLocaleString('en')} words, ${words.length} of them real Spanish and Portuguese words of municipal practice, which the queries use; one municipality, theme and SDG each).`,
			'',
			'| request | connections | req/s | p50 ms | p99 ms | errors | aim |',
			'|---|---|---|---|---|---|---|',
			`| catalogue search API: two words + theme + country, with facet counts | ${CONNECTIONS} | ${search.rps} | ${search.p50} | ${search.p99} | ${search.errors} | p99 < 100 ms: ${verdict(search.p99 < 100)} |`,
			`| the same, light load | 4 | ${searchLight.rps} | ${searchLight.p50} | ${searchLight.p99} | ${searchLight.errors} | p99 < 100 ms: ${verdict(searchLight.p99 < 100)} |`,
			`| catalogue search API: one common word, no facet (a third of the bank matches, ranked and counted) | ${CONNECTIONS} | ${searchWide.rps} | ${searchWide.p50} | ${searchWide.p99} | ${searchWide.errors} | — |`,
			`| experience page (SSR: record, evaluation, attachments, replications, questions, related) | ${CONNECTIONS} | ${page.rps} | ${page.p50} | ${page.p99} | ${page.errors} | p99 < 50 ms: ${verdict(page.p99 < 50)} |`,
			`| the same, light load | 4 | ${pageLight.rps} | ${pageLight.p50} | ${pageLight.p99} | ${pageLight.errors} | p99 < 50 ms: ${verdict(pageLight.p99 < 50)} |`,
			'',
			`- CSV export of all ${rows.toLocaleString('en')} rows: ${(bytes / 2 ** 20).toFixed(0)} MiB in ${exportSeconds.toFixed(1)} s; server resident memory ${before.toFixed(0)} MiB before, **peak ${peak.toFixed(0)} MiB** (the peak includes the load runs above; the export reads 500 rows at a time by keyset, so it does not grow with the row count).`,
			''
		);
	} finally {
		// BENCH_KEEP_DB=1 leaves the generated database for EXPLAIN ANALYZE.
		if (process.env.BENCH_KEEP_DB === '1') console.log(`kept database ${dbName}`);
		else await admin.query(`drop database if exists ${dbName} with (force)`);
		await admin.end();
	}
	const file = 'docs/benchmarks.md';
	const existing = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
	const kept = existing.replace(/\n## Experience bank[\s\S]*?(?=\n## (?!Experience bank)|$)/, '').trimEnd();
	writeFileSync(file, `${kept}\n\n${lines.join('\n')}\n`);
	console.log(lines.join('\n'));
}

await main();
