// `npm run data:load [-- <directory>]`: loads the gazetteer (idempotent; each file all-or-nothing) and prints a report.
import { ConfigError, getConfig } from '../src/lib/server/config';
import { DatabaseLockedError, openDatabase } from '../src/lib/server/db/client';
import { analyzeTables, useDatabase } from '../src/lib/server/db';
import { migrateDatabase } from '../src/lib/server/db/migrate';
import { loadTerritoryDirectory, referenceDataDir } from '../src/lib/server/territories';
import { loadReferenceTaxonomy } from '../src/lib/server/taxonomy';
import { refreshBuiltInIndicators } from '../src/lib/server/statistics';

const dir = process.argv[2] ?? referenceDataDir();

try {
	const config = getConfig();
	const started = Date.now();
	const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
	let rejected = 0;
	try {
		useDatabase(database);
		await migrateDatabase(database);
		const reports = await loadTerritoryDirectory(database.db, dir);
		console.log('file                      status     added  changed  unchanged  skipped');
		for (const report of reports) {
			console.log(
				`${report.file.padEnd(26)}${report.status.padEnd(9)}${String(report.added).padStart(7)}${String(report.changed).padStart(9)}${String(report.unchanged).padStart(11)}${String(report.skipped).padStart(9)}`
			);
			for (const sidecar of report.sidecars ?? []) {
				console.log(`  + ${sidecar.file}: ${sidecar.values} value(s) merged by code${sidecar.skipped ? `, ${sidecar.skipped} for skipped codes` : ''}`);
			}
			for (const error of report.errors.slice(0, 50)) console.log(`    line ${error.row}, ${error.field}: ${error.message}`);
			if (report.errors.length > 50) console.log(`    … and ${report.errors.length - 50} more problems`);
		}
		rejected = reports.filter((report) => report.status === 'rejected').length;
		console.log(`taxonomy (themes and SDGs): ${await loadReferenceTaxonomy(database.db)} term(s) added or refreshed`);
		const builtIn = await database.db.transaction((tx) => refreshBuiltInIndicators(tx));
		console.log(`statistics: population of ${builtIn.populationValues} municipalities, municipalities per unit, inhabitants per municipality recomputed`);
		// A bulk load leaves the planner without statistics for what it wrote (PGlite has no autovacuum).
		await analyzeTables(database.db);
		const total = (key: 'added' | 'changed' | 'unchanged' | 'skipped') => reports.reduce((sum, report) => sum + report[key], 0);
		console.log(
			`\n${reports.length - rejected} file(s) loaded, ${rejected} rejected; ${total('added')} added, ${total('changed')} changed, ${total('unchanged')} unchanged, ${total('skipped')} skipped (${((Date.now() - started) / 1000).toFixed(1)} s, ${database.kind}).`
		);
	} finally {
		await database.close();
	}
	process.exit(rejected ? 1 : 0);
} catch (error) {
	if (error instanceof ConfigError || error instanceof DatabaseLockedError) {
		console.error(error.message);
		process.exit(2);
	}
	throw error;
}
