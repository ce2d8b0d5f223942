import { z } from 'zod';
import { createDocument } from 'zod-openapi';
import { ZGrantRoleBody, ZRoleGrant } from '../roles/schema';
import { ZTaxonomy } from '../taxonomy/schema';
import { directoryPaths } from './directory-paths';
import { experiencePaths } from './experience-paths';
import { roleRequestPaths } from './role-request-paths';
import { statisticsPaths } from './statistics-paths';
import { errorResponse, langParam } from './shared';
import { ZAdmin1, ZCountry, ZMunicipality, ZMunicipalityPage, ZMunicipalitySearch } from '../territories/schema';

/** The OpenAPI 3.1 description of `/api/v1`, generated from the same Zod schemas the services validate with. */
export function buildOpenApiDocument(serverUrl: string) {
	return createDocument({
		openapi: '3.1.0',
		info: {
			title: 'Cabildo API',
			version: '1.0.0',
			description:
				'Public reference data of Latin American municipalities and the administration of a Cabildo secretariat. Errors always have the shape { error: { code, message, details } }.',
			license: { name: 'AGPL-3.0-or-later', identifier: 'AGPL-3.0-or-later' }
		},
		servers: [{ url: `${serverUrl}/api/v1` }],
		components: {
			securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'cabildo.session_token' } }
		},
		paths: {
			...experiencePaths(),
			...directoryPaths(),
			...statisticsPaths(),
			...roleRequestPaths(),
			'/countries': {
				get: {
					summary: 'Countries with their number of municipalities and population',
					requestParams: { query: langParam },
					responses: {
						'200': { description: 'Countries', content: { 'application/json': { schema: z.object({ items: z.array(ZCountry.meta({ id: 'Country' })) }) } } },
						'400': errorResponse('Invalid parameter')
					}
				}
			},
			'/countries/{code}': {
				get: {
					summary: 'One country with its first-level units',
					requestParams: { path: z.object({ code: z.string().meta({ example: 'BR' }) }), query: langParam },
					responses: {
						'200': {
							description: 'Country',
							content: { 'application/json': { schema: z.object({ country: ZCountry, admin1: z.array(ZAdmin1.meta({ id: 'Admin1' })) }) } }
						},
						'404': errorResponse('Unknown country')
					}
				}
			},
			'/taxonomy': {
				get: {
					summary: 'The shared vocabulary: areas of local development with their themes, and the 17 SDGs',
					requestParams: { query: langParam },
					responses: { '200': { description: 'Active terms in the requested language', content: { 'application/json': { schema: ZTaxonomy.meta({ id: 'Taxonomy' }) } } } }
				}
			},
			'/municipalities': {
				get: {
					summary: 'Search municipalities (accent-insensitive, typo-tolerant, ranked, paginated)',
					requestParams: { query: ZMunicipalitySearch.extend(langParam.shape) },
					responses: {
						'200': { description: 'A page of municipalities', content: { 'application/json': { schema: ZMunicipalityPage.meta({ id: 'MunicipalityPage' }) } } },
						'400': errorResponse('Invalid parameter (the field is named in details.fields)')
					}
				}
			},
			'/municipalities/{id}': {
				get: {
					summary: 'One municipality by `<country>-<official code>`',
					requestParams: { path: z.object({ id: z.string().meta({ example: 'BR-3550308' }) }), query: langParam },
					responses: {
						'200': { description: 'Municipality', content: { 'application/json': { schema: ZMunicipality.meta({ id: 'Municipality' }) } } },
						'404': errorResponse('Unknown or malformed identifier')
					}
				}
			},
			'/admin/users/{id}/roles': {
				get: {
					summary: 'Roles of a user (administrators only)',
					security: [{ session: [] }],
					requestParams: { path: z.object({ id: z.string() }) },
					responses: {
						'200': { description: 'Grants', content: { 'application/json': { schema: z.object({ items: z.array(ZRoleGrant.meta({ id: 'RoleGrant' })) }) } } },
						'401': errorResponse('Not signed in'),
						'403': errorResponse('Not an administrator')
					}
				},
				post: {
					summary: 'Grant a role (administrators only); written to the audit log',
					security: [{ session: [] }],
					requestParams: { path: z.object({ id: z.string() }) },
					requestBody: { content: { 'application/json': { schema: ZGrantRoleBody.meta({ id: 'GrantRole' }) } } },
					responses: {
						'201': { description: 'Granted', content: { 'application/json': { schema: z.object({ id: z.string() }) } } },
						'400': errorResponse('Invalid grant'),
						'401': errorResponse('Not signed in'),
						'403': errorResponse('Not an administrator'),
						'409': errorResponse('Already granted')
					}
				}
			},
			'/admin/users/{id}/roles/{grantId}': {
				delete: {
					summary: 'Revoke a role (administrators only); written to the audit log',
					security: [{ session: [] }],
					requestParams: { path: z.object({ id: z.string(), grantId: z.uuid() }) },
					responses: {
						'204': { description: 'Revoked' },
						'401': errorResponse('Not signed in'),
						'403': errorResponse('Not an administrator'),
						'404': errorResponse('Unknown grant'),
						'409': errorResponse('The last administrator cannot be removed')
					}
				}
			},
			'/admin/audit': {
				get: {
					summary: 'Audit log, newest first (administrators only); each event has its action in words (actionName) in the request language',
					security: [{ session: [] }],
					requestParams: {
						query: z.object({ action: z.string().optional(), subject: z.string().max(320).optional().describe('An account’s e-mail address or an object’s identifier'), page: z.coerce.number().int().min(1).optional(), pageSize: z.coerce.number().int().min(1).max(100).optional() })
					},
					responses: {
						'200': { description: 'A page of audit events' },
						'401': errorResponse('Not signed in'),
						'403': errorResponse('Not an administrator')
					}
				}
			}
		}
	});
}
