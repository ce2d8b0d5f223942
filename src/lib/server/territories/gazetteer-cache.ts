import { getDb, type Executor } from '../db';
import { GazetteerIndex } from './gazetteer-index';
import { selectAllAdmin1, selectAllMunicipalities, selectGazetteerVersion } from './queries';

interface Snapshot {
	index: GazetteerIndex;
	version: string;
	checkedAt: number;
}

let snapshot: Snapshot | undefined;
let pending: Promise<Snapshot> | undefined;

// How often a process asks the database whether the gazetteer changed (another process may have loaded data).
function refreshIntervalMs(): number {
	const seconds = Number(process.env.GAZETTEER_REFRESH_SECONDS ?? 10);
	return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : 10_000;
}

async function build(db: Executor): Promise<Snapshot> {
	const version = await selectGazetteerVersion(db);
	const records = await selectAllMunicipalities(db);
	const admin1 = await selectAllAdmin1(db);
	return { index: new GazetteerIndex(records, admin1), version, checkedAt: Date.now() };
}

/** The in-memory gazetteer, rebuilt when the municipality table changed since the last check. */
export async function getGazetteer(db: Executor = getDb()): Promise<GazetteerIndex> {
	const current = snapshot;
	if (current && Date.now() - current.checkedAt < refreshIntervalMs()) return current.index;
	// One rebuild at a time: concurrent requests wait for the same one.
	pending ??= (async () => {
		try {
			if (current) {
				const version = await selectGazetteerVersion(db);
				if (version === current.version) return { ...current, checkedAt: Date.now() };
			}
			return await build(db);
		} finally {
			pending = undefined;
		}
	})();
	snapshot = await pending;
	return snapshot.index;
}

/** Forgets the in-memory gazetteer, so the next read rebuilds it (after this process loaded data). */
export function invalidateGazetteer(): void {
	snapshot = undefined;
}
