// `npm run bench` (third part), or `tsx bench/directory.ts` alone: the directory on PostgreSQL with 50,000 experts,
// 10,000 institutions, 5,000 calls and 5,000 services (search with a text query and two facets), and the weekly
// digest for 100,000 subscribers (time and peak memory). Replaces the "Directory" section of docs/benchmarks.md.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import autocannon from 'autocannon';
import pg from 'pg';
import { openDatabase } from '../src/lib/server/db/client';
import { refreshDirectoryListing } from '../src/lib/server/directory/search-queries';
import { startEnvironment, startFlags, startServer, stopServer, waitReady } from './server';

const SCALE = Number(process.env.BENCH_DIRECTORY_SCALE ?? 1);
const EXPERTS = 50_000 * SCALE;
const INSTITUTIONS = 10_000 * SCALE;
const CALLS = 5_000 * SCALE;
const SERVICES = 5_000 * SCALE;
const SUBSCRIBERS = 100_000 * SCALE;
const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const PG_ADMIN_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const PORT = 4331;
const words = `agua saneamiento residuos reciclaje catastro presupuesto participación transparencia salud educación transporte
movilidad vivienda turismo empleo cooperativa mercado agricultura riesgo clima energía gobierno digital finanzas planificación
capacitación asistencia técnica evaluación monitoreo género juventud cultura seguridad territorio rural urbano`.split(/\s+/);

/** Generates the directory and its subscribers straight in SQL, then the search listing as the app builds it. */
async function generate(client: pg.Client, databaseUrl: string): Promise<number> {
	const started = performance.now();
	const text = (count: number) => `(select string_agg(w, ' ') from (select ($1::text[])[1 + floor(random() * array_length($1::text[], 1))::int] as w, g from generate_series(1, ${count}) k) x)`;
	const doc = (name: string, body: string) =>
		`setweight(to_tsvector('simple', ${name}), 'A') || setweight(to_tsvector('spanish', ${body}), 'C') || setweight(to_tsvector('portuguese', ${body}), 'C') || setweight(to_tsvector('english', ${body}), 'C')`;
	await client.query(`create temporary table bench_themes as select code, row_number() over () as n from taxonomy_term where facet = 'theme'`);
	await client.query(`create temporary table bench_countries as select code, row_number() over () as n from country`);
	const themes = (await client.query('select count(*)::int as n from bench_themes')).rows[0].n as number;
	const countries = (await client.query('select count(*)::int as n from bench_countries')).rows[0].n as number;
	// An uncorrelated array is built once; the random index is drawn for every row.
	const theme = `(array(select code from bench_themes order by n))[1 + floor(random() * ${themes})::int]`;
	const country = `(array(select code from bench_countries order by n))[1 + floor(random() * ${countries})::int]`;
	const old = `now() - interval '30 days'`;
	await client.query(
		`insert into institution (name, kind, country_code, themes, description, status, verified_at, document)
		 select 'Institución ' || g || ' ' || t.name, (array['training_institute','municipal_association','cooperation_agency','development_bank','foundation','university','ngo','government_body'])[1 + g % 8],
			${country}, array[${theme}], t.body, 'verified', ${old}, ${doc('t.name', 't.body')}
		 from generate_series(1, ${INSTITUTIONS}) g, lateral (select ${text(3)} as name, ${text(25)} as body) t`,
		[words]
	);
	await client.query(`create temporary table bench_institutions as select id, row_number() over () as n from institution`);
	const institution = `(array(select id from bench_institutions order by n))[1 + floor(random() * ${INSTITUTIONS})::int]`;
	await client.query(
		`insert into expert (name, headline, bio, languages, countries, availability, status, verified_at, document)
		 select 'Persona ' || g, t.name, t.body, case g % 4 when 0 then array['es'] when 1 then array['pt'] when 2 then array['es','en'] else array['es','pt'] end, array[${country}],
			(array['available','limited','unavailable'])[1 + g % 3], 'verified', ${old}, ${doc("'persona ' || t.name", 't.body')}
		 from generate_series(1, ${EXPERTS}) g, lateral (select ${text(4)} as name, ${text(30)} as body) t`,
		[words]
	);
	await client.query(`insert into expert_competency (expert_id, theme, level) select distinct on (e.id, th.code) e.id, th.code, 'experienced' from expert e, lateral (select code from bench_themes where n in (1 + abs(hashtext(e.id::text)) % ${themes}, 1 + abs(hashtext(e.name)) % ${themes})) th`);
	await client.query(
		`insert into funding_call (funder_id, title, description, themes, eligible_countries, eligible_applicants, opens_at, closes_at, time_zone, status, verified_at, document)
		 select ${institution}, 'Convocatoria ' || t.name, t.body, array[${theme}], array[${country}], array['municipality'],
			now() - (random() * interval '200 days'), now() + ((random() - 0.3) * interval '200 days'), 'America/Bogota', 'verified', ${old}, ${doc('t.name', 't.body')}
		 from generate_series(1, ${CALLS}) g, lateral (select ${text(4)} as name, ${text(30)} as body) t`,
		[words]
	);
	await client.query(
		`insert into cooperation_service (institution_id, name, description, kind, languages, service_areas, themes, status, verified_at, document)
		 select ${institution}, 'Servicio ' || t.name, t.body, 'technical_assistance', array['es'], array[${country}], array[${theme}], 'verified', ${old}, ${doc('t.name', 't.body')}
		 from generate_series(1, ${SERVICES}) g, lateral (select ${text(4)} as name, ${text(25)} as body) t`,
		[words]
	);
	// What the digest announces: a few hundred entries verified this week.
	await client.query(`update funding_call set verified_at = now() where id in (select id from funding_call order by random() limit 150)`);
	await client.query(`update expert set verified_at = now() where id in (select id from expert order by random() limit 150)`);
	await client.query(
		`insert into "user" (id, name, email, email_verified) select 'bench-' || g, 'Suscriptor ' || g, 'bench-' || g || '@bench.invalid', true from generate_series(1, ${SUBSCRIBERS}) g`
	);
	await client.query(
		`insert into subscription (user_id, themes, countries, active, locale, unsubscribe_token)
		 select 'bench-' || g, array[${theme}], case when g % 2 = 0 then array[${country}] else array[]::text[] end, true, 'es', md5(random()::text) || md5(g::text)
		 from generate_series(1, ${SUBSCRIBERS}) g`
	);
	const database = await openDatabase({ databaseUrl });
	await refreshDirectoryListing(database.db, 'all');
	await database.close();
	await client.query('analyze');
	return (performance.now() - started) / 1000;
}

async function main() {
	if (!existsSync('build/index.js')) spawnSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
	const dbName = `cabildo_bench_dir_${process.pid}`;
	const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
	await admin.connect();
	await admin.query(`create database ${dbName}`);
	const url = new URL(PG_ADMIN_URL);
	url.pathname = `/${dbName}`;
	const lines: string[] = [];
	try {
		console.log('[directory] first start (migrate, load reference data)…');
		let server = startServer(PORT, url.toString());
		await waitReady(PORT);
		await stopServer(server);
		const client = new pg.Client({ connectionString: url.toString() });
		client.on('error', () => undefined);
		await client.connect();
		console.log('[directory] generating…');
		const generateSeconds = await generate(client, url.toString());
		const facets = (await client.query(`select t.code as theme, c.code as country from (select code from taxonomy_term where facet = 'theme') t, country c order by random() limit 400`)).rows as {
			theme: string;
			country: string;
		}[];
		await client.end();

		server = startServer(PORT, url.toString());
		await waitReady(PORT);
		let counter = 0;
		const measure = async (connections: number, duration = DURATION) => {
			const result = await autocannon({
				url: `http://127.0.0.1:${PORT}`,
				connections,
				duration,
				requests: [
					{
						method: 'GET',
						setupRequest: (request) => {
							const n = counter++;
							const facet = facets[n % facets.length];
							return { ...request, path: `/api/v1/directory?q=${encodeURIComponent(words[n % words.length])}&theme=${facet.theme}&country=${facet.country}&n=${n}` };
						}
					}
				]
			});
			return { rps: Math.round(result.requests.average), p50: result.latency.p50, p99: result.latency.p99, errors: result.errors + result.non2xx };
		};
		console.log('[directory] search with a text query and two facets…');
		// A just-started server compiles its code and opens its database connections on the first requests: those
		// seconds are not what a running server answers, so they are not measured.
		await measure(20, 3);
		const heavy = await measure(20);
		const light = await measure(4);
		await stopServer(server);

		console.log(`[directory] weekly digest for ${SUBSCRIBERS} subscribers, in this process…`);
		// With the Node flags of `npm start`: the digest is a job of the server process.
		const digest = spawnSync(process.execPath, [...startFlags(url.toString()), '--import', 'tsx', 'bench/digest-run.ts'], {
			env: { ...process.env, ...startEnvironment, DATABASE_URL: url.toString(), AUTH_SECRET: 'bench-secret-bench-secret-bench-secret', LOG_LEVEL: 'warn' },
			encoding: 'utf8'
		});
		const figures = JSON.parse(digest.stdout.trim().split('\n').pop() ?? '{}') as { seconds?: number; peakMiB?: number; sent?: number; processed?: number };
		const verdict = (met: boolean) => (met ? 'met' : 'not met');
		lines.push(
			'## Directory (PostgreSQL)',
			'',
			`Measured by \`npm run bench\` (bench/directory.ts) on ${new Date().toISOString().slice(0, 10)}: ${os.cpus().length} cores, Node ${process.version}. Generated in SQL in ${generateSeconds.toFixed(0)} s: ${INSTITUTIONS.toLocaleString('en')} institutions, ${EXPERTS.toLocaleString('en')} experts, ${CALLS.toLocaleString('en')} calls, ${SERVICES.toLocaleString('en')} services, ${SUBSCRIBERS.toLocaleString('en')} subscribers; 300 entries verified in the last week. The search is measured after 3 s of warm-up at 20 connections.`,
			'',
			'| request | connections | req/s | p50 ms | p99 ms | errors | aim |',
			'|---|---|---|---|---|---|---|',
			`| directory search: a word + theme + country (every type, facet counts) | 20 | ${heavy.rps} | ${heavy.p50} | ${heavy.p99} | ${heavy.errors} | p99 < 100 ms: ${verdict(heavy.p99 < 100)} |`,
			`| the same, light load | 4 | ${light.rps} | ${light.p50} | ${light.p99} | ${light.errors} | p99 < 100 ms: ${verdict(light.p99 < 100)} |`,
			'',
			`- Weekly digest: ${figures.processed?.toLocaleString('en') ?? '?'} subscribers read, ${figures.sent?.toLocaleString('en') ?? '?'} e-mails queued in **${figures.seconds?.toFixed(1) ?? '?'} s**, peak resident memory **${figures.peakMiB?.toFixed(0) ?? '?'} MiB** (aims: under 2 minutes: ${verdict((figures.seconds ?? 1e9) < 120)}; under 300 MB: ${verdict((figures.peakMiB ?? 1e9) < 300)}).`,
			''
		);
		if (digest.status !== 0) lines.push(`- The digest run failed: ${digest.stderr.slice(0, 500)}`, '');
	} finally {
		if (process.env.BENCH_KEEP_DB === '1') console.log(`kept database ${dbName}`);
		else await admin.query(`drop database if exists ${dbName} with (force)`);
		await admin.end();
	}
	const file = 'docs/benchmarks.md';
	const existing = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
	const kept = existing.replace(/\n## Directory \(PostgreSQL\)[\s\S]*?(?=\n## (?!Directory \(PostgreSQL\))|$)/, '').trimEnd();
	writeFileSync(file, `${kept}\n\n${lines.join('\n')}\n`);
	console.log(lines.join('\n'));
}

await main();
