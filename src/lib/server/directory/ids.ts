import { z } from 'zod';
import { AppError } from '../errors/app-error';

const ZId = z.uuid();

/** An entry's identifier from a path or form: anything but a UUID is an entry that does not exist. */
export function parseId(id: unknown): string {
	const parsed = ZId.safeParse(id);
	if (!parsed.success) throw new AppError('NOT_FOUND');
	return parsed.data;
}
