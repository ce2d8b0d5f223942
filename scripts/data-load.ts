// `npm run data:load [-- <directory>]`: loads the gazetteer named by <directory>/manifest.json (default
// reference-data/territories) into the configured database (DATABASE_URL, or the embedded one in DATA_DIR),
// then the reference taxonomy. Idempotent; each file is all-or-nothing.
// Exit codes: 0 all loaded; 1 some file rejected (nothing of it written) or the load failed (e.g. no manifest);
// 2 the database could not be opened (invalid configuration, or the embedded database is in use by a running server).
import path from 'node:path';
import { ConfigError, getConfig } from '../src/lib/server/config';
import { DatabaseLockedError, openDatabase, type OpenDatabase } from '../src/lib/server/db/client';
import { useDatabase } from '../src/lib/server/db';
import { migrateDatabase } from '../src/lib/server/db/migrate';
import { countMunicipalitiesByCountry } from '../src/lib/server/territories/load-queries';
import { loadTerritoryDirectory, type TerritoryLoadReport } from '../src/lib/server/territories/load-territories';
import { referenceDataDir } from '../src/lib/server/territories/sources';
import { loadReferenceTaxonomy } from '../src/lib/server/taxonomy/service';

// Enough to locate the problems; a file with thousands of errors is usually one systematic mistake.
const MAX_ERRORS_SHOWN = 50;

const dir = path.resolve(process.argv[2] ?? referenceDataDir());

let database: OpenDatabase;
try {
	const config = getConfig();
	database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
} catch (error) {
	if (error instanceof DatabaseLockedError) {
		console.error(`Cannot load: ${error.message}`);
		process.exit(2);
	}
	if (error instanceof ConfigError) {
		console.error(error.message);
		process.exit(2);
	}
	throw error;
}

let exitCode = 0;
try {
	const started = Date.now();
	useDatabase(database);
	await migrateDatabase(database);
	console.log(`Loading the gazetteer from ${dir} into ${database.kind === 'pglite' ? 'the embedded database' : 'PostgreSQL'}\n`);
	const reports = await loadTerritoryDirectory(database.db, dir);
	printReports(reports);
	const rejected = reports.filter((report) => report.status === 'rejected').length;
	if (rejected) exitCode = 1;

	const counts = await countMunicipalitiesByCountry(database.db);
	const stored = [...counts.values()].reduce((sum, n) => sum + n, 0);
	const total = (key: 'added' | 'changed' | 'unchanged' | 'skipped') => reports.reduce((sum, report) => sum + report[key], 0);
	console.log(
		`\n${reports.length - rejected} file(s) loaded, ${rejected} rejected: ${total('added')} added, ${total('changed')} changed, ` +
			`${total('unchanged')} unchanged, ${total('skipped')} skipped (${((Date.now() - started) / 1000).toFixed(1)} s).`
	);
	console.log(`The database now holds ${stored} municipalities in ${counts.size} countries.`);
	console.log(`Taxonomy (themes and SDGs): ${await loadReferenceTaxonomy(database.db)} term(s) added or refreshed.`);
	if (rejected) console.log('\nA rejected file was not written at all: fix the lines listed above and run this again.');
} catch (error) {
	console.error(`Loading failed: ${(error as Error).message}`);
	exitCode = 1;
} finally {
	await database.close();
}
process.exit(exitCode);

function printReports(reports: TerritoryLoadReport[]): void {
	const widths = [24, 8, 10, 8, 8, 10, 8];
	const row = (cells: (string | number)[]) =>
		cells.map((cell, i) => (i < 3 ? String(cell).padEnd(widths[i]) : String(cell).padStart(widths[i]))).join(' ');
	console.log(row(['file', 'country', 'status', 'added', 'changed', 'unchanged', 'skipped']));
	for (const report of reports) {
		console.log(
			row([report.file, report.country ?? '?', report.status, report.added, report.changed, report.unchanged, report.skipped])
		);
		if (report.notInFile) {
			console.log(`    ${report.notInFile} stored municipalities of ${report.country} are not in this file; they were kept.`);
		}
		for (const error of report.errors.slice(0, MAX_ERRORS_SHOWN)) {
			console.log(`    ${error.row ? `line ${error.row}` : 'file'}, ${error.field}: ${error.message}`);
		}
		if (report.errors.length > MAX_ERRORS_SHOWN) {
			console.log(`    … and ${report.errors.length - MAX_ERRORS_SHOWN} more problems`);
		}
	}
}
