// The access matrix (issue 13): every route under /api/v1 and every page with an id, for each role, on objects in
// each state, through the real route modules (their GET/PUT/… handlers, page loads and form actions) with the
// request event SvelteKit would give them. A cell is "allowed" when the request got past the access rules — it
// answered, or refused the input itself (400: the services check who before what) — and "refused" when it answered
// 401, 403 or 404 or sent the visitor to sign in. A 5xx fails the cell: never a server error for any role.
import { isActionFailure, isHttpError, isRedirect, type RequestEvent } from '@sveltejs/kit';
import type { Actor } from '../../src/lib/server/context';
import { uniqueIp } from '../factories';

export const roles = ['anonymous', 'member', 'owner', 'official', 'otherOfficial', 'reviewer', 'expert', 'statisticsEditor', 'secretariat', 'admin'] as const;
export type Role = (typeof roles)[number];

/**
 * What a row acts on, built once per row (or once per cell when it changes it). `actors` gives the roles that
 * depend on the object: `owner` (who proposed or wrote it: the author, the proposer, the expert themself, the
 * provider), `official` (an official of its municipality), `reviewer` (a reviewer assigned to it). Roles it leaves
 * out are the run's people with no tie to the object: `owner` a member, `official` an official elsewhere.
 */
export interface Fixture {
	params: Record<string, string>;
	actors?: Partial<Record<Role, Actor>>;
}

export type Operation = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'load' | `action:${string}`;

export interface AccessRow {
	/** The route's id as in src/routes, e.g. `/api/v1/experiences/[id]` or `/experiencias/[id]`. */
	route: string;
	op: Operation;
	/** The object's state (or `any` for a collection). */
	state: string;
	fixture: () => Promise<Fixture>;
	allow: readonly Role[];
	/** A JSON body (API) or form fields (action); `{}` by default for writes, which an allowed role answers with 400. */
	body?: (fixture: Fixture) => Record<string, unknown>;
	query?: string;
	/** Sent as multipart/form-data (uploads), as a browser would. */
	multipart?: boolean;
	/** The operation changes the object for an allowed role: each cell gets a fixture of its own. */
	changes?: boolean;
	/** Why a cell is what it is, when the table alone does not say. */
	note?: string;
}

export type Outcome = { result: 'allowed' | 'refused'; status: number; detail: string };

const ORIGIN = 'http://cabildo.test';
const refusal = (status: number) => status === 401 || status === 403 || status === 404;

/** The request event SvelteKit gives a route, for one actor. */
export function requestEvent(actor: Actor | null, row: AccessRow, fixture: Fixture): RequestEvent {
	const path = row.route.replace(/\[([^\]=]+)(?:=[^\]]+)?\]/g, (_, name: string) => encodeURIComponent(fixture.params[name] ?? ''));
	const method = row.op.startsWith('action:') ? 'POST' : row.op === 'load' ? 'GET' : row.op;
	const url = new URL(`${ORIGIN}${path}${row.op.startsWith('action:') ? `?/${row.op.slice(7)}` : ''}${row.query ? `${row.op.startsWith('action:') ? '&' : '?'}${row.query}` : ''}`);
	const headers = new Headers({ origin: ORIGIN, 'accept-language': 'es' });
	let body: BodyInit | undefined;
	if (method !== 'GET' && method !== 'DELETE') {
		const values = row.body?.(fixture) ?? {};
		if (row.op.startsWith('action:') || row.multipart) {
			const form = new FormData();
			for (const [key, value] of Object.entries(values)) form.append(key, value instanceof Blob ? value : String(value));
			body = form;
		} else {
			headers.set('content-type', 'application/json');
			body = JSON.stringify(values);
		}
	}
	const request = new Request(url, { method, headers, body });
	const ip = uniqueIp();
	return {
		url,
		request,
		params: fixture.params,
		route: { id: row.route },
		locals: { actor, locale: 'es', requestId: 'access-matrix' },
		setHeaders: () => undefined,
		cookies: { get: () => undefined, getAll: () => [], set: () => undefined, delete: () => undefined, serialize: () => '' },
		getClientAddress: () => ip,
		fetch: () => Promise.reject(new Error('no fetch in the access matrix')),
		parent: async () => ({}),
		depends: () => undefined,
		untrack: <T>(fn: () => T) => fn(),
		isDataRequest: false,
		isSubRequest: false,
		isRemoteRequest: false,
		platform: undefined,
		tracing: { enabled: false, root: undefined, current: undefined }
	} as unknown as RequestEvent;
}

type RouteModule = Record<string, unknown> & { load?: (event: RequestEvent) => unknown; actions?: Record<string, (event: RequestEvent) => unknown> };

/** Runs one cell: the row's operation as `actor`, through the route module; what the route answered. */
export async function runCell(module: RouteModule, actor: Actor | null, row: AccessRow, fixture: Fixture): Promise<Outcome> {
	const event = requestEvent(actor, row, fixture);
	let call: () => unknown;
	if (row.op === 'load') call = () => module.load!(event);
	else if (row.op.startsWith('action:')) {
		const action = module.actions?.[row.op.slice(7)];
		if (!action) throw new Error(`${row.route} has no action ${row.op.slice(7)}`);
		call = () => action(event);
	} else {
		const handler = module[row.op] as ((event: RequestEvent) => Promise<Response>) | undefined;
		if (!handler) throw new Error(`${row.route} has no ${row.op} handler`);
		call = () => handler(event);
	}
	try {
		const answer = await call();
		if (answer instanceof Response) {
			const text = answer.status >= 400 ? (await answer.text()).slice(0, 200) : '';
			if (answer.status >= 500) throw new Error(`${answer.status} ${text}`);
			return { result: refusal(answer.status) ? 'refused' : 'allowed', status: answer.status, detail: text };
		}
		if (isActionFailure(answer)) return { result: refusal(answer.status) ? 'refused' : 'allowed', status: answer.status, detail: JSON.stringify(answer.data).slice(0, 200) };
		return { result: 'allowed', status: 200, detail: '' };
	} catch (thrown) {
		if (isRedirect(thrown)) return { result: thrown.location.includes('/cuenta/entrar') ? 'refused' : 'allowed', status: thrown.status, detail: thrown.location };
		if (isHttpError(thrown)) {
			if (thrown.status >= 500) throw thrown;
			return { result: refusal(thrown.status) ? 'refused' : 'allowed', status: thrown.status, detail: thrown.body.message };
		}
		throw thrown;
	}
}

/** The routes the matrix must cover: every endpoint under /api/v1 and every page whose path holds a parameter. */
export function coveredRouteIds(files: string[]): string[] {
	return files
		.map((file) => file.replace(/^.*src\/routes/, '').replace(/\/\+(server|page\.server)\.ts$/, '') || '/')
		.filter((route, index, all) => all.indexOf(route) === index)
		.filter((route) => route.startsWith('/api/v1/') || route.includes('['))
		.sort();
}
