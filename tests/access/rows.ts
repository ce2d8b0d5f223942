// The rows of the access matrix, one per (route, operation, object state). A new module adds its rows here in the
// same commit as its routes; `tests/integration/access-matrix.test.ts` fails for a route under /api/v1 or a route
// with a parameter that has none. Allowed roles are listed; every other role must be refused.
import * as f from './fixtures';
import { roles, type AccessRow, type Role } from './harness';

const everyone = roles;
const signedIn = roles.filter((role) => role !== 'anonymous');
const officials: Role[] = ['owner', 'official', 'otherOfficial'];
/** The secretariat, and administrators, who hold every role's powers. */
const staff: Role[] = ['secretariat', 'admin'];
/** A record's authors: who wrote it and the officials of its municipality. */
const authors: Role[] = ['owner', 'official'];
/** Who sees a record before it is published: its authors and the secretariat. */
const insiders: Role[] = [...authors, ...staff];

const experience = (stage: f.ExperienceStage) => () => f.experience(stage);

export const experienceRows: AccessRow[] = [
	{ route: '/api/v1/experiences', op: 'GET', state: 'any', fixture: f.none, allow: everyone },
	{ route: '/api/v1/experiences', op: 'POST', state: 'any', fixture: f.none, allow: ['official', 'otherOfficial', ...staff], note: 'a draft is written by an official of a municipality (or the secretariat); `owner` is a member here' },
	...(['draft', 'submitted'] as const).flatMap((stage): AccessRow[] => [
		{ route: '/api/v1/experiences/[id]', op: 'GET', state: stage, fixture: experience(stage), allow: insiders },
		{ route: '/experiencias/[id]', op: 'load', state: stage, fixture: experience(stage), allow: insiders },
		{ route: '/api/v1/experiences/[id]/evaluation', op: 'GET', state: stage, fixture: experience(stage), allow: insiders },
		{ route: '/api/v1/experiences/[id]/attachments', op: 'GET', state: stage, fixture: experience(stage), allow: insiders }
	]),
	{ route: '/api/v1/experiences/[id]', op: 'GET', state: 'in_review', fixture: experience('in_review'), allow: [...insiders, 'reviewer'] },
	{ route: '/experiencias/[id]', op: 'load', state: 'in_review', fixture: experience('in_review'), allow: [...insiders, 'reviewer'] },
	{ route: '/api/v1/experiences/[id]', op: 'GET', state: 'published', fixture: experience('published'), allow: everyone },
	{ route: '/experiencias/[id]', op: 'load', state: 'published', fixture: experience('published'), allow: everyone },
	{ route: '/api/v1/experiences/[id]/evaluation', op: 'GET', state: 'published', fixture: experience('published'), allow: everyone },
	{ route: '/api/v1/experiences/[id]/attachments', op: 'GET', state: 'published', fixture: experience('published'), allow: everyone },
	{ route: '/api/v1/experiences/[id]/replications', op: 'GET', state: 'published', fixture: experience('published'), allow: everyone },
	{ route: '/api/v1/experiences/[id]', op: 'GET', state: 'unpublished', fixture: experience('unpublished'), allow: [...insiders, 'reviewer'] },
	{ route: '/experiencias/[id]', op: 'load', state: 'unpublished', fixture: experience('unpublished'), allow: [...insiders, 'reviewer'] },
	{ route: '/experiencias/[id]/versiones/[version]', op: 'load', state: 'published', fixture: () => f.experienceWithVersion('published'), allow: everyone, note: 'a published record’s earlier versions are public' },
	{ route: '/experiencias/[id]/versiones/[version]', op: 'load', state: 'unpublished', fixture: () => f.experienceWithVersion('unpublished'), allow: [...insiders, 'reviewer'], note: 'as the record itself: its reviewers read it' },
	// Changes
	{ route: '/api/v1/experiences/[id]', op: 'PUT', state: 'draft', fixture: experience('draft'), allow: authors, note: 'a draft is its authors’ own' },
	{ route: '/api/v1/experiences/[id]', op: 'PUT', state: 'published', fixture: experience('published'), allow: authors, note: 'a substantive edit waits for the secretariat as a pending version' },
	{ route: '/experiencias/[id]/version-pendiente', op: 'load', state: 'published, version pending', fixture: f.pendingVersion, allow: insiders },
	{ route: '/experiencias/[id]/version-pendiente', op: 'action:approve', state: 'published, version pending', fixture: f.pendingVersion, allow: staff, body: (fixture) => ({ revisionId: fixture.params.revisionId }), changes: true },
	{ route: '/experiencias/[id]/version-pendiente', op: 'action:reject', state: 'published, version pending', fixture: f.pendingVersion, allow: staff },
	{ route: '/experiencias/[id]/editar', op: 'load', state: 'draft', fixture: experience('draft'), allow: authors },
	{ route: '/experiencias/[id]/editar', op: 'action:default', state: 'draft', fixture: experience('draft'), allow: authors },
	{ route: '/api/v1/experiences/[id]/transitions', op: 'POST', state: 'draft', fixture: experience('draft'), allow: ['owner', 'official'], body: () => ({ action: 'submit' }), changes: true },
	{ route: '/api/v1/experiences/[id]/transitions', op: 'POST', state: 'submitted', fixture: experience('submitted'), allow: staff, body: () => ({ action: 'accept' }), changes: true },
	{ route: '/experiencias/[id]', op: 'action:transition', state: 'published', fixture: experience('published'), allow: staff, body: () => ({ action: 'unpublish', comment: 'Retirada.' }), changes: true },
	{ route: '/api/v1/experiences/[id]/reviewers', op: 'POST', state: 'in_review', fixture: experience('in_review'), allow: staff },
	{ route: '/experiencias/[id]', op: 'action:assign', state: 'in_review', fixture: experience('in_review'), allow: staff },
	{ route: '/api/v1/experiences/[id]/translations', op: 'PUT', state: 'published', fixture: experience('published'), allow: insiders },
	{ route: '/experiencias/[id]/traducir', op: 'load', state: 'published', fixture: experience('published'), allow: insiders },
	{ route: '/experiencias/[id]/traducir', op: 'action:default', state: 'published', fixture: experience('published'), allow: insiders },
	{ route: '/api/v1/experiences/[id]/replications', op: 'POST', state: 'published', fixture: experience('published'), allow: [...officials, ...staff], note: 'an official for their municipality; the secretariat for any' },
	{ route: '/experiencias/[id]', op: 'action:ask', state: 'published', fixture: experience('published'), allow: signedIn },
	{ route: '/experiencias/[id]', op: 'action:ask', state: 'draft', fixture: experience('draft'), allow: [], note: 'questions are asked of published records only' },
	{ route: '/api/v1/experiences/[id]/attachments', op: 'POST', state: 'draft', fixture: experience('draft'), allow: authors, multipart: true },
	// Attachments
	{ route: '/api/v1/attachments/[id]', op: 'GET', state: 'draft', fixture: () => f.attachment('draft'), allow: insiders },
	{ route: '/api/v1/attachments/[id]', op: 'GET', state: 'published', fixture: () => f.attachment('published'), allow: everyone },
	{ route: '/api/v1/attachments/[id]', op: 'GET', state: 'unpublished', fixture: () => f.attachment('unpublished'), allow: insiders },
	{ route: '/api/v1/attachments/[id]', op: 'DELETE', state: 'draft', fixture: () => f.attachment('draft'), allow: authors, changes: true },
	// Reviews
	{ route: '/api/v1/reviews', op: 'GET', state: 'any', fixture: f.none, allow: signedIn, note: 'one’s own assignments (none for most)' },
	{ route: '/api/v1/reviews/[id]', op: 'GET', state: 'in_review', fixture: async () => reviewOf(await f.experience('in_review')), allow: ['reviewer', ...staff] },
	{ route: '/revisiones/[id]', op: 'load', state: 'in_review', fixture: async () => reviewOf(await f.experience('in_review')), allow: ['reviewer', ...staff] },
	{ route: '/api/v1/reviews/[id]', op: 'PUT', state: 'in_review', fixture: async () => reviewOf(await f.experience('in_review')), allow: ['reviewer'] },
	{ route: '/api/v1/reviews/[id]', op: 'DELETE', state: 'in_review', fixture: async () => reviewOf(await f.experience('in_review')), allow: staff, changes: true },
	{ route: '/revisiones/[id]', op: 'action:default', state: 'in_review', fixture: async () => reviewOf(await f.experience('in_review')), allow: ['reviewer'] },
	{ route: '/api/v1/settings/recognition-threshold', op: 'GET', state: 'any', fixture: f.none, allow: everyone },
	{ route: '/api/v1/settings/recognition-threshold', op: 'PUT', state: 'any', fixture: f.none, allow: staff }
];

/** The review of an in-review experience, for its assigned reviewer. */
function reviewOf(built: Awaited<ReturnType<typeof f.experience>>) {
	return { params: { id: built.reviewId! }, actors: built.actors };
}

export const directoryRows: AccessRow[] = [
	{ route: '/api/v1/directory', op: 'GET', state: 'any', fixture: f.none, allow: everyone },
	...(['institutions', 'funding-calls', 'experts', 'services'] as const).map((kind): AccessRow => ({ route: `/api/v1/${kind}`, op: 'GET', state: 'any', fixture: f.none, allow: everyone })),
	...(['institutions', 'funding-calls', 'experts', 'services'] as const).map((kind): AccessRow => ({ route: `/api/v1/${kind}`, op: 'POST', state: 'any', fixture: f.none, allow: signedIn })),
	{ route: '/api/v1/institutions/[id]', op: 'GET', state: 'pending', fixture: () => f.institution('pending'), allow: ['owner', ...staff] },
	{ route: '/api/v1/institutions/[id]', op: 'GET', state: 'verified', fixture: () => f.institution('verified'), allow: everyone },
	{ route: '/directorio/instituciones/[id]', op: 'load', state: 'pending', fixture: () => f.institution('pending'), allow: ['owner', ...staff] },
	{ route: '/directorio/instituciones/[id]', op: 'load', state: 'verified', fixture: () => f.institution('verified'), allow: everyone },
	{ route: '/api/v1/institutions/[id]', op: 'PUT', state: 'verified', fixture: () => f.institution('verified'), allow: staff },
	{ route: '/directorio/instituciones/[id]/editar', op: 'load', state: 'verified', fixture: () => f.institution('verified'), allow: signedIn, note: 'others propose a correction with the same form' },
	{ route: '/directorio/instituciones/[id]/editar', op: 'action:default', state: 'verified', fixture: () => f.institution('verified'), allow: signedIn },
	{ route: '/api/v1/funding-calls/[id]', op: 'GET', state: 'pending', fixture: () => f.fundingCall('pending'), allow: ['owner', ...staff] },
	{ route: '/api/v1/funding-calls/[id]', op: 'GET', state: 'verified', fixture: () => f.fundingCall('verified'), allow: everyone },
	{ route: '/directorio/convocatorias/[id]', op: 'load', state: 'verified', fixture: () => f.fundingCall('verified'), allow: everyone },
	{ route: '/directorio/convocatorias/[id]', op: 'load', state: 'pending', fixture: () => f.fundingCall('pending'), allow: ['owner', ...staff] },
	{ route: '/directorio/convocatorias/[id]', op: 'action:follow', state: 'verified', fixture: () => f.fundingCall('verified'), allow: signedIn, changes: true },
	{ route: '/directorio/convocatorias/[id]/editar', op: 'load', state: 'verified', fixture: () => f.fundingCall('verified'), allow: signedIn },
	{ route: '/directorio/convocatorias/[id]/editar', op: 'action:default', state: 'verified', fixture: () => f.fundingCall('verified'), allow: signedIn },
	{ route: '/api/v1/experts/[id]', op: 'GET', state: 'pending', fixture: () => f.expertProfile('pending'), allow: ['owner', ...staff] },
	{ route: '/api/v1/experts/[id]', op: 'GET', state: 'verified', fixture: () => f.expertProfile('verified'), allow: everyone },
	{ route: '/directorio/expertos/[id]', op: 'load', state: 'pending', fixture: () => f.expertProfile('pending'), allow: ['owner', ...staff] },
	{ route: '/directorio/expertos/[id]', op: 'load', state: 'verified', fixture: () => f.expertProfile('verified'), allow: everyone },
	{ route: '/api/v1/experts/[id]', op: 'PUT', state: 'verified', fixture: () => f.expertProfile('verified'), allow: ['owner', ...staff] },
	{ route: '/api/v1/experts/[id]', op: 'DELETE', state: 'verified', fixture: () => f.expertProfile('verified'), allow: ['owner', ...staff], changes: true },
	{ route: '/directorio/expertos/[id]', op: 'action:delete', state: 'verified', fixture: () => f.expertProfile('verified'), allow: ['owner', ...staff], changes: true },
	{ route: '/directorio/expertos/[id]/editar', op: 'load', state: 'verified', fixture: () => f.expertProfile('verified'), allow: ['owner', ...staff] },
	{ route: '/directorio/expertos/[id]/editar', op: 'action:save', state: 'verified', fixture: () => f.expertProfile('verified'), allow: ['owner', ...staff] },
	{ route: '/api/v1/experts/[id]/cv', op: 'GET', state: 'verified', fixture: () => f.expertProfile('verified'), allow: [...officials, ...staff], note: 'contacts and CV: municipal officials, the secretariat, council members and the expert' },
	{ route: '/directorio/expertos/[id]', op: 'action:cv', state: 'verified', fixture: () => f.expertProfile('verified'), allow: ['owner', ...staff] },
	{ route: '/api/v1/experts/me', op: 'GET', state: 'any', fixture: () => f.expertProfile('pending'), allow: ['owner'], note: 'one’s own profile; others have none' },
	{ route: '/api/v1/services/[id]', op: 'GET', state: 'pending', fixture: () => f.service('pending'), allow: ['owner', ...staff] },
	{ route: '/api/v1/services/[id]', op: 'GET', state: 'verified', fixture: () => f.service('verified'), allow: everyone },
	{ route: '/directorio/servicios/[id]', op: 'load', state: 'verified', fixture: () => f.service('verified'), allow: everyone },
	{ route: '/directorio/servicios/[id]', op: 'load', state: 'pending', fixture: () => f.service('pending'), allow: ['owner', ...staff] },
	{ route: '/api/v1/services/[id]/requests', op: 'POST', state: 'verified', fixture: () => f.service('verified'), allow: signedIn },
	{ route: '/directorio/servicios/[id]', op: 'action:request', state: 'verified', fixture: () => f.service('verified'), allow: signedIn },
	{ route: '/api/v1/service-requests', op: 'GET', state: 'any', fixture: f.none, allow: signedIn, note: 'one’s own inbox' },
	{ route: '/api/v1/service-requests/[id]', op: 'PUT', state: 'open', fixture: f.serviceRequest, allow: ['owner', ...staff], note: 'the provider answers; the secretariat may for them' },
	{ route: '/directorio/importar/[id]', op: 'load', state: 'uploaded', fixture: f.directoryImport, allow: staff },
	{ route: '/directorio/importar/[id]', op: 'action:check', state: 'uploaded', fixture: f.directoryImport, allow: staff }
];

const dataset = (state: 'uploaded' | 'imported') => () => f.dataset(state);

export const statisticsRows: AccessRow[] = [
	{ route: '/api/v1/indicators', op: 'GET', state: 'any', fixture: f.none, allow: everyone },
	{ route: '/api/v1/indicators/[code]', op: 'GET', state: 'any', fixture: f.indicator, allow: everyone },
	{ route: '/api/v1/indicators/[code]/observations', op: 'GET', state: 'any', fixture: f.indicator, allow: everyone },
	{ route: '/estadisticas/indicadores/[code]', op: 'load', state: 'any', fixture: f.indicator, allow: everyone },
	...(['datos.csv', 'datos.json', 'datos.sdmx.csv'] as const).map((file): AccessRow => ({ route: `/estadisticas/indicadores/[code]/${file}`, op: 'GET', state: 'any', fixture: f.indicator, allow: everyone })),
	{ route: '/estadisticas/indicadores/[code]/editar', op: 'load', state: 'any', fixture: f.indicator, allow: ['statisticsEditor', 'admin'] },
	...(['uploaded', 'imported'] as const).flatMap((state): AccessRow[] => [
		// Not imported yet: the editors' and the secretariat's (who may delete it); public once imported (issue 13 finding 10).
		{ route: '/estadisticas/conjuntos/[id]', op: 'load', state, fixture: dataset(state), allow: state === 'imported' ? everyone : ['statisticsEditor', ...staff] },
		{ route: '/estadisticas/conjuntos/[id]/archivo', op: 'GET', state, fixture: dataset(state), allow: state === 'imported' ? everyone : ['statisticsEditor', ...staff] },
		...(['datos.csv', 'datos.json', 'datos.sdmx.csv'] as const).map(
			(file): AccessRow => ({ route: `/estadisticas/conjuntos/[id]/${file}`, op: 'GET', state, fixture: dataset(state), allow: state === 'imported' ? everyone : [], note: 'a dataset has values only once imported' })
		)
	]),
	{ route: '/estadisticas/conjuntos/[id]', op: 'action:remove', state: 'imported', fixture: dataset('imported'), allow: staff, changes: true, note: 'deleting published figures is the secretariat’s' }
];

export const platformRows: AccessRow[] = [
	{ route: '/api/v1/openapi.json', op: 'GET', state: 'any', fixture: f.none, allow: everyone },
	{ route: '/api/v1/taxonomy', op: 'GET', state: 'any', fixture: f.none, allow: everyone },
	{ route: '/api/v1/countries', op: 'GET', state: 'any', fixture: f.none, allow: everyone },
	{ route: '/api/v1/countries/[code]', op: 'GET', state: 'any', fixture: f.place, allow: everyone },
	{ route: '/api/v1/municipalities', op: 'GET', state: 'any', fixture: f.none, allow: everyone },
	{ route: '/api/v1/municipalities/[id]', op: 'GET', state: 'any', fixture: f.place, allow: everyone },
	{ route: '/territorios/[country=country]', op: 'load', state: 'any', fixture: f.place, allow: everyone },
	{ route: '/territorios/municipios/[id]', op: 'load', state: 'any', fixture: f.place, allow: everyone },
	{ route: '/api/v1/admin/audit', op: 'GET', state: 'any', fixture: f.none, allow: ['admin'] },
	{ route: '/api/v1/admin/users/[id]/roles', op: 'GET', state: 'any', fixture: f.someone, allow: ['admin'] },
	{ route: '/api/v1/admin/users/[id]/roles', op: 'POST', state: 'any', fixture: f.someone, allow: ['admin'] },
	{ route: '/api/v1/admin/users/[id]/roles/[grantId]', op: 'DELETE', state: 'any', fixture: f.someone, allow: ['admin'], changes: true },
	{ route: '/admin/usuarios/[id]', op: 'load', state: 'any', fixture: f.someone, allow: ['admin'] },
	{ route: '/admin/usuarios/[id]', op: 'action:grant', state: 'any', fixture: f.someone, allow: ['admin'] },
	{ route: '/admin/correo/[id]', op: 'load', state: 'any', fixture: f.mail, allow: ['admin'] },
	{ route: '/admin/taxonomia/[facet]/[code]', op: 'load', state: 'any', fixture: f.term, allow: ['admin'] },
	{ route: '/admin/taxonomia/[facet]/[code]', op: 'action:default', state: 'any', fixture: f.term, allow: ['admin'] },
	{ route: '/api/auth/callback/[providerId]', op: 'GET', state: 'no sign-in started', fixture: async () => ({ params: { providerId: 'prueba' } }), allow: everyone, note: 'an identity provider’s return: Better Auth answers everyone alike, a redirect to the sign-in page when no sign-in was started (tests/e2e/identity-provider.e2e.ts follows a real one)' },
	{ route: '/api/[...rest]', op: 'GET', state: 'any', fixture: async () => ({ params: { rest: 'v1/nothing-here' } }), allow: [], note: 'an unknown API path is a JSON 404 for everyone' },
	// Role requests (issue 13): anyone signed in asks; the secretariat decides; one withdraws one's own.
	{ route: '/api/v1/role-requests', op: 'GET', state: 'any', fixture: f.none, allow: signedIn, note: 'one’s own requests' },
	{ route: '/api/v1/role-requests', op: 'GET', state: 'all', query: 'scope=all&status=pending', fixture: f.none, allow: staff, note: 'everyone’s, for the secretariat' },
	{ route: '/api/v1/role-requests', op: 'POST', state: 'any', fixture: f.none, allow: signedIn },
	{ route: '/api/v1/role-requests/[id]', op: 'PUT', state: 'pending', fixture: () => f.roleRequest('pending'), allow: staff, body: () => ({ decision: 'approve' }), changes: true },
	{ route: '/api/v1/role-requests/[id]', op: 'PUT', state: 'decided', fixture: () => f.roleRequest('decided'), allow: staff, body: () => ({ decision: 'decline', reason: 'Otra vez.' }), note: 'the secretariat gets past the rules and is told it is decided (409)' },
	{ route: '/api/v1/role-requests/[id]', op: 'DELETE', state: 'pending', fixture: () => f.roleRequest('pending'), allow: ['owner'], changes: true, note: 'one’s own request only: the secretariat declines instead' },
	{ route: '/api/v1/role-requests/[id]', op: 'DELETE', state: 'decided', fixture: () => f.roleRequest('decided'), allow: ['owner'], note: 'its owner is told it is no longer pending (409)' },
	{ route: '/cuenta/roles', op: 'load', state: 'any', fixture: f.none, allow: signedIn },
	{ route: '/cuenta/roles', op: 'action:request', state: 'any', fixture: f.none, allow: signedIn },
	{ route: '/cuenta/roles', op: 'action:withdraw', state: 'pending', fixture: () => f.roleRequest('pending'), allow: ['owner'], body: (fixture) => ({ id: fixture.params.id }), changes: true },
	{ route: '/secretaria/roles', op: 'load', state: 'any', fixture: f.none, allow: staff },
	{ route: '/secretaria/roles', op: 'action:decide', state: 'pending', fixture: () => f.roleRequest('pending'), allow: staff, body: (fixture) => ({ id: fixture.params.id, decision: 'decline', reason: 'No encontramos su trayectoria.' }), changes: true }
];

export const accessRows: AccessRow[] = [...experienceRows, ...directoryRows, ...statisticsRows, ...platformRows];
