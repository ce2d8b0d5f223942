import { verifyEmail } from '$lib/server/accounts';
import { contextOf, originOf } from '$lib/server/http/context';
import { asAppError } from '$lib/server/http/error-body';
import type { PageServerLoad } from './$types';

// The mailed link is a GET: confirming an address is harmless if a mail scanner follows it first.
export const load: PageServerLoad = async (event) => {
	try {
		await verifyEmail(contextOf(event), event.url.searchParams.get('token'), originOf(event));
		return { verified: true, code: null };
	} catch (error) {
		const appError = asAppError(error);
		if (appError.code === 'INTERNAL') throw error;
		return { verified: false, code: appError.code };
	}
};
