import * as messages from '../paraglide/messages.js';
import { getLocale } from '../paraglide/runtime.js';
import type { Locale } from './context';

type MessageFunction = (params?: Record<string, unknown>, options?: { locale?: Locale }) => string;

/** Looks up a message by key in a given language; returns the key itself when it does not exist. */
export function translate(key: string, locale: Locale, params: Record<string, unknown> = {}): string {
	const message = (messages as unknown as Record<string, MessageFunction | undefined>)[key];
	return message ? message(params, { locale }) : key;
}

/** The language of the current request (Paraglide's middleware sets it), Spanish outside a request. */
export function currentLocale(): Locale {
	try {
		return getLocale() as Locale;
	} catch {
		return 'es';
	}
}

/** The URL prefix of a language: Spanish has none. */
export function localePrefix(locale: Locale): string {
	return locale === 'es' ? '' : `/${locale}`;
}

/** Picks the best supported language from `?lang=` or an Accept-Language header. */
export function negotiateLocale(explicit: string | null, acceptLanguage: string | null): Locale {
	const supported: Locale[] = ['es', 'pt', 'en'];
	if (explicit && supported.includes(explicit as Locale)) return explicit as Locale;
	const ranked = (acceptLanguage ?? '')
		.split(',')
		.map((part) => {
			const [tag, ...params] = part.trim().split(';');
			const q = params.find((p) => p.trim().startsWith('q='));
			return { tag: tag.toLowerCase().split('-')[0], q: q ? Number(q.trim().slice(2)) || 0 : 1 };
		})
		.filter((item) => item.tag)
		.sort((a, b) => b.q - a.q);
	for (const item of ranked) if (supported.includes(item.tag as Locale)) return item.tag as Locale;
	return 'es';
}
