import type { Actor, RoleName } from './context';
import { AppError } from './errors/app-error';

/** Throws UNAUTHENTICATED when nobody is signed in. */
export function requireActor(actor: Actor | null): Actor {
	if (!actor) throw new AppError('UNAUTHENTICATED');
	return actor;
}

/** True when the actor holds the role (admins hold every role's powers). */
export function hasRole(actor: Actor | null, role: RoleName): boolean {
	if (!actor) return false;
	if (role === 'member') return true;
	return actor.roles.some((grant) => grant.role === role || grant.role === 'admin');
}

/** Throws UNAUTHENTICATED or FORBIDDEN unless the actor holds the role. */
export function requireRole(actor: Actor | null, role: RoleName): Actor {
	const signedIn = requireActor(actor);
	if (!hasRole(signedIn, role)) throw new AppError('FORBIDDEN');
	return signedIn;
}

/** True when the actor is a municipal official of that municipality. */
export function isOfficialOf(actor: Actor | null, municipalityId: string): boolean {
	return !!actor?.roles.some((grant) => grant.role === 'municipal_official' && grant.municipalityId === municipalityId);
}
