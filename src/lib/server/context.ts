import type { Executor } from './db';

/** The three interface languages; Spanish is the default. */
export type Locale = 'es' | 'pt' | 'en';
export const locales: readonly Locale[] = ['es', 'pt', 'en'];

/** A role a user can hold (see docs/roles.md). */
export type RoleName =
	| 'admin'
	| 'secretariat'
	| 'council_member'
	| 'reviewer'
	| 'municipal_official'
	| 'expert'
	| 'statistics_editor'
	| 'member';

export interface ActorRole {
	role: RoleName;
	subRole: string | null;
	municipalityId: string | null;
}

/** The signed-in person a service acts for. */
export interface Actor {
	id: string;
	email: string;
	name: string;
	roles: ActorRole[];
}

/** What every service call receives: who asks, in which language, and optionally a transaction. */
export interface ServiceContext {
	actor: Actor | null;
	locale: Locale;
	requestId?: string;
	tx?: Executor;
}
