// Runs the weekly digest once against DATABASE_URL and prints {seconds, peakMiB, processed, sent} (used by bench/directory.ts).
import { readFileSync } from 'node:fs';
import { openDatabase } from '../src/lib/server/db/client';
import { useDatabase } from '../src/lib/server/db';
import { runWeeklyDigest } from '../src/lib/server/directory/subscription-service';

const database = await openDatabase({ databaseUrl: process.env.DATABASE_URL });
useDatabase(database);
const started = performance.now();
const result = await runWeeklyDigest(database.db, new Date());
const seconds = (performance.now() - started) / 1000;
const peakMiB = Number(/VmHWM:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? 0) / 1024;
await database.close();
console.log(JSON.stringify({ seconds, peakMiB, processed: result.processed, sent: result.sent }));
