// The role requests of /api/v1 (issue 13): one asks for a role, the secretariat decides.
import { z } from 'zod';
import { ZDecideRoleRequest, ZRequestRole, ZRoleRequest, roleRequestStatuses } from '../roles/schema';
import { errorResponse, langParam } from './shared';

export function roleRequestPaths() {
	const request = ZRoleRequest.meta({ id: 'RoleRequest' });
	return {
		'/role-requests': {
			get: {
				summary: 'One’s own role requests, newest first; with scope=all, everyone’s for the secretariat (paginated)',
				security: [{ session: [] }],
				requestParams: {
					query: langParam.extend({
						scope: z.enum(['mine', 'all']).optional().meta({ description: 'all: every request (secretariat only)' }),
						status: z.enum(roleRequestStatuses).optional().meta({ description: 'With scope=all: only requests in this status' }),
						page: z.coerce.number().int().min(1).optional(),
						pageSize: z.coerce.number().int().min(1).max(100).optional()
					})
				},
				responses: {
					'200': {
						description: 'Requests (with scope=all also page, pageSize and total)',
						content: { 'application/json': { schema: z.object({ items: z.array(request), page: z.number().optional(), pageSize: z.number().optional(), total: z.number().optional() }) } }
					},
					'400': errorResponse('Invalid parameter'),
					'401': errorResponse('Not signed in'),
					'403': errorResponse('scope=all without the secretariat role')
				}
			},
			post: {
				summary: 'Ask for a role (municipal_official of a municipality, reviewer, expert, statistics_editor); the secretariat is mailed',
				security: [{ session: [] }],
				requestParams: { query: langParam },
				requestBody: { content: { 'application/json': { schema: ZRequestRole.meta({ id: 'RequestRole' }) } } },
				responses: {
					'201': { description: 'Requested', content: { 'application/json': { schema: z.object({ id: z.string() }) } } },
					'400': errorResponse('Invalid request (an appointed role, a missing municipality or position, an unknown municipality)'),
					'401': errorResponse('Not signed in'),
					'409': errorResponse('The role is held already, or a request for it is pending')
				}
			}
		},
		'/role-requests/{id}': {
			put: {
				summary: 'Approve (grants the role) or decline (with a reason) a pending request (secretariat); audited, the person is mailed',
				security: [{ session: [] }],
				requestParams: { path: z.object({ id: z.uuid() }), query: langParam },
				requestBody: { content: { 'application/json': { schema: ZDecideRoleRequest.meta({ id: 'DecideRoleRequest' }) } } },
				responses: {
					'200': { description: 'The decided request', content: { 'application/json': { schema: request } } },
					'400': errorResponse('Invalid decision (a decline needs a reason)'),
					'401': errorResponse('Not signed in'),
					'403': errorResponse('Not the secretariat, or one’s own request'),
					'404': errorResponse('Unknown request'),
					'409': errorResponse('Already decided or withdrawn')
				}
			},
			delete: {
				summary: 'Withdraw one’s own pending request',
				security: [{ session: [] }],
				requestParams: { path: z.object({ id: z.uuid() }), query: langParam },
				responses: {
					'200': { description: 'Withdrawn', content: { 'application/json': { schema: z.object({ withdrawn: z.boolean() }) } } },
					'401': errorResponse('Not signed in'),
					'404': errorResponse('Unknown request, or someone else’s'),
					'409': errorResponse('No longer pending')
				}
			}
		}
	};
}
