import { getDb, type Executor } from './index';

/** Runs `work` in the caller's transaction when there is one, otherwise in a new transaction. */
export async function inTransaction<T>(existing: Executor | undefined, work: (tx: Executor) => Promise<T>): Promise<T> {
	if (existing && existing !== getDb()) return work(existing);
	return getDb().transaction(async (tx) => work(tx));
}
