import type { Actor, Locale } from '$lib/server/context';

// See https://svelte.dev/docs/kit/types#app.d.ts
declare global {
	namespace App {
		interface Locals {
			requestId: string;
			locale: Locale;
			actor: Actor | null;
		}
		interface Error {
			message: string;
			requestId?: string;
		}
	}
}

export {};
