// The few parts of oidc-provider (which ships no types) that tests/helpers/oidc-server.ts uses.
declare module 'oidc-provider' {
	import type { IncomingMessage, ServerResponse } from 'node:http';
	interface Account {
		accountId: string;
		claims: () => Promise<Record<string, unknown>>;
	}
	export default class Provider {
		constructor(issuer: string, configuration: Record<string, unknown> & { findAccount?: (ctx: unknown, sub: string) => Promise<Account> });
		proxy: boolean;
		callback(): (request: IncomingMessage, response: ServerResponse) => void;
	}
}
