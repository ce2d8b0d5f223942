import { error, redirect } from '@sveltejs/kit';
import { logger } from '../logger';
import { translate } from '../i18n';
import { localePrefix } from '../i18n';
import { asAppError } from './error-body';

/**
 * Runs a page load's service call; known errors become SvelteKit error pages with a translated message,
 * and an anonymous visitor to a protected page is sent to sign in.
 */
export async function loadOrError<T>(locals: App.Locals, run: () => Promise<T>, currentPath?: string): Promise<T> {
	try {
		return await run();
	} catch (thrown) {
		const appError = asAppError(thrown);
		if (appError.code === 'UNAUTHENTICATED') {
			const next = currentPath ? `?next=${encodeURIComponent(currentPath)}` : '';
			redirect(303, `${localePrefix(locals.locale)}/cuenta/entrar${next}`);
		}
		if (appError.code === 'INTERNAL') {
			logger.error({ err: thrown, requestId: locals.requestId }, 'page load failed');
			throw thrown;
		}
		error(appError.status, {
			message: translate(`error_${appError.code.toLowerCase()}`, locals.locale),
			requestId: locals.requestId
		});
	}
}
