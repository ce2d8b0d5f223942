import { z } from 'zod';
import { createDocument } from 'zod-openapi';
import { ZGrantRoleBody, ZRoleGrant } from '../roles/schema';
import { ZTaxonomy } from '../taxonomy/schema';
import { ZDirectoryQuery, ZExpert, ZFundingCall, ZInstitution, ZService, ZServiceAnswer, ZServiceRequest } from '../directory/schema';
import { ZAssignReviewer, ZCatalogueQuery, ZExperienceDraft, ZRecognitionThreshold, ZReplication, ZReviewScores, ZTransition, ZTranslation } from '../experiences/schema';
import { ZAdmin1, ZCountry, ZMunicipality, ZMunicipalityPage, ZMunicipalitySearch } from '../territories/schema';

const ZError = z
	.object({
		error: z.object({
			code: z.string().meta({ example: 'VALIDATION' }),
			message: z.string().meta({ description: "In the request's language" }),
			details: z
				.object({ fields: z.array(z.object({ field: z.string(), message: z.string() })).optional() })
				.catchall(z.unknown())
				.nullable()
		})
	})
	.meta({ id: 'Error' });

const errorResponse = (description: string) => ({ description, content: { 'application/json': { schema: ZError } } });
const langParam = z.object({
	lang: z.enum(['es', 'pt', 'en']).optional().meta({ description: 'Language of names and messages; defaults to Accept-Language, then Spanish' })
});

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
			'/experiences': {
				get: {
					summary: 'Published experiences: full-text search (es/pt/en), facets, sorting and pages, as in the catalogue',
					requestParams: { query: ZCatalogueQuery.extend(langParam.shape) },
					responses: {
						'200': {
							description: 'A page of experiences with the total and facet counts',
							content: {
								'application/json': {
									schema: z.object({
										items: z.array(z.object({ id: z.uuid(), title: z.string(), summary: z.string(), locale: z.string(), translated: z.boolean(), publishedAt: z.string(), countries: z.array(z.string()), municipalities: z.array(z.object({ id: z.string(), name: z.string() })), themes: z.array(z.string()), sdgs: z.array(z.string()), sizeBand: z.string(), score: z.number().nullable(), recognised: z.boolean(), isDemo: z.boolean() }).meta({ id: 'ExperienceSummary' })),
										total: z.number().int(),
										page: z.number().int(),
										pageSize: z.number().int(),
										facets: z.record(z.string(), z.array(z.object({ value: z.string(), count: z.number().int() })))
									})
								}
							}
						},
						'400': errorResponse('Invalid filter (fields named)')
					}
				},
				post: {
					summary: 'Start a draft experience (municipal officials for their municipalities, or the secretariat)',
					security: [{ session: [] }],
					requestBody: { content: { 'application/json': { schema: ZExperienceDraft } } },
					responses: {
						'201': { description: 'Draft created', content: { 'application/json': { schema: z.object({ id: z.uuid() }) } } },
						'400': errorResponse('Invalid draft (fields named)'),
						'401': errorResponse('Not signed in'),
						'403': errorResponse('Not an official of those municipalities')
					}
				}
			},
			'/experiences/{id}': {
				get: {
					summary: 'One experience: published ones for everyone, others for their authors and the secretariat',
					requestParams: { path: z.object({ id: z.uuid() }), query: langParam },
					responses: { '200': { description: 'The experience, with its history and the actions the caller may take' }, '404': errorResponse('Unknown, or not visible to the caller') }
				},
				put: {
					summary: 'Save the draft again (its authors, while it is a draft)',
					security: [{ session: [] }],
					requestParams: { path: z.object({ id: z.uuid() }) },
					requestBody: { content: { 'application/json': { schema: ZExperienceDraft } } },
					responses: {
						'200': { description: 'The saved experience' },
						'400': errorResponse('Invalid draft'),
						'403': errorResponse('Not an author'),
						'409': errorResponse('No longer a draft')
					}
				}
			},
			'/experiences/{id}/transitions': {
				post: {
					summary: 'Move an experience through the workflow (submit, accept, return, reopen, publish, reject, unpublish, republish)',
					security: [{ session: [] }],
					requestParams: { path: z.object({ id: z.uuid() }) },
					requestBody: { content: { 'application/json': { schema: ZTransition } } },
					responses: {
						'200': { description: 'The new state', content: { 'application/json': { schema: z.object({ state: z.string() }) } } },
						'400': errorResponse('Missing reason'),
						'403': errorResponse('Not allowed for the caller'),
						'404': errorResponse('Unknown, or not visible to the caller'),
						'409': errorResponse('Not possible in the current state')
					}
				}
			},
			'/experiences/{id}/reviewers': {
				post: {
					summary: 'Assign a reviewer with a due date (secretariat; refused on a conflict of interest)',
					security: [{ session: [] }],
					requestParams: { path: z.object({ id: z.uuid() }) },
					requestBody: { content: { 'application/json': { schema: ZAssignReviewer } } },
					responses: {
						'201': { description: 'Assignment created', content: { 'application/json': { schema: z.object({ id: z.uuid() }) } } },
						'400': errorResponse('Not a reviewer, or a due date in the past'),
						'403': errorResponse('Not the secretariat'),
						'409': errorResponse('Conflict of interest, already assigned, or not in review')
					}
				}
			},
			'/experiences/{id}/evaluation': {
				get: {
					summary: 'The evaluation as the caller may see it: mean per criterion when published; every review for the secretariat',
					requestParams: { path: z.object({ id: z.uuid() }) },
					responses: { '200': { description: 'Summary, recognition and the assignments the caller may see' }, '404': errorResponse('Unknown, or not visible to the caller') }
				}
			},
			'/experiences/{id}/attachments': {
				get: {
					summary: 'Attachments of an experience',
					requestParams: { path: z.object({ id: z.uuid() }) },
					responses: { '200': { description: 'File names, types (found in the content) and sizes' }, '404': errorResponse('Unknown, or not visible to the caller') }
				},
				post: {
					summary: 'Attach a file (authors; PDF, image or office document, 20 MB at most, checked by content)',
					security: [{ session: [] }],
					requestParams: { path: z.object({ id: z.uuid() }) },
					requestBody: { content: { 'multipart/form-data': { schema: z.object({ file: z.string().meta({ format: 'binary' }) }) } } },
					responses: {
						'201': { description: 'Stored', content: { 'application/json': { schema: z.object({ id: z.uuid() }) } } },
						'400': errorResponse('Missing, empty, too large, not allowed or disguised file'),
						'403': errorResponse('Not an author'),
						'409': errorResponse('Not editable in its state, or too many files')
					}
				}
			},
			'/attachments/{id}': {
				get: {
					summary: 'Download an attachment',
					requestParams: { path: z.object({ id: z.uuid() }) },
					responses: { '200': { description: 'The file, as a download' }, '404': errorResponse('Unknown, or not visible to the caller') }
				},
				delete: {
					summary: 'Remove an attachment (authors)',
					security: [{ session: [] }],
					requestParams: { path: z.object({ id: z.uuid() }) },
					responses: { '200': { description: 'Removed' }, '403': errorResponse('Not an author'), '404': errorResponse('Unknown') }
				}
			},
			'/experiences/{id}/replications': {
				post: {
					summary: 'Declare that a municipality replicates a published experience (its officials)',
					security: [{ session: [] }],
					requestParams: { path: z.object({ id: z.uuid() }) },
					requestBody: { content: { 'application/json': { schema: ZReplication } } },
					responses: {
						'200': { description: 'Declared or updated', content: { 'application/json': { schema: z.object({ created: z.boolean() }) } } },
						'403': errorResponse('Not an official of that municipality'),
						'404': errorResponse('Not a published experience')
					}
				},
				get: {
					summary: 'Municipalities replicating a published experience',
					requestParams: { path: z.object({ id: z.uuid() }) },
					responses: { '200': { description: 'Replications' }, '404': errorResponse('Not a published experience') }
				}
			},
			'/experiences/{id}/translations': {
				put: {
					summary: 'Write the translation into a language other than the original (authors or secretariat)',
					security: [{ session: [] }],
					requestParams: { path: z.object({ id: z.uuid() }) },
					requestBody: { content: { 'application/json': { schema: ZTranslation } } },
					responses: { '200': { description: 'Saved' }, '400': errorResponse('Invalid, or the original language'), '403': errorResponse('Not an author') }
				}
			},
			'/reviews': {
				get: {
					summary: "The caller's review assignments",
					security: [{ session: [] }],
					responses: { '200': { description: 'Assignments, open ones first' }, '401': errorResponse('Not signed in') }
				}
			},
			'/reviews/{id}': {
				get: {
					summary: 'One assignment (its reviewer or the secretariat)',
					security: [{ session: [] }],
					requestParams: { path: z.object({ id: z.uuid() }) },
					responses: { '200': { description: 'The assignment and, once submitted, its scores' }, '404': errorResponse('Unknown, or not yours') }
				},
				put: {
					summary: 'Submit the rubric: six criteria scored 1–5, each with a comment (once)',
					security: [{ session: [] }],
					requestParams: { path: z.object({ id: z.uuid() }) },
					requestBody: { content: { 'application/json': { schema: ZReviewScores } } },
					responses: {
						'200': { description: 'Submitted' },
						'400': errorResponse('Missing or out-of-range scores'),
						'403': errorResponse('Not the assigned reviewer'),
						'409': errorResponse('Already submitted, or the experience is no longer in review')
					}
				},
				delete: {
					summary: 'Withdraw an assignment not yet submitted (secretariat)',
					security: [{ session: [] }],
					requestParams: { path: z.object({ id: z.uuid() }) },
					responses: { '200': { description: 'Withdrawn' }, '403': errorResponse('Not the secretariat'), '409': errorResponse('Already submitted') }
				}
			},
			'/settings/recognition-threshold': {
				get: {
					summary: 'The mean score from which published experiences are "recognised"',
					responses: { '200': { description: 'Threshold', content: { 'application/json': { schema: z.object({ threshold: z.number() }) } } } }
				},
				put: {
					summary: 'Change it (secretariat); every published experience is re-marked',
					security: [{ session: [] }],
					requestBody: { content: { 'application/json': { schema: ZRecognitionThreshold } } },
					responses: { '200': { description: 'Saved' }, '400': errorResponse('Outside 1–5'), '403': errorResponse('Not the secretariat') }
				}
			},
			'/directory': {
				get: {
					summary: 'Search the whole directory (institutions and funding calls) with facets',
					requestParams: { query: ZDirectoryQuery.extend(langParam.shape) },
					responses: { '200': { description: 'A page of entries, the total and facet counts' }, '400': errorResponse('Invalid filter') }
				}
			},
			'/institutions': {
				get: {
					summary: 'Verified institutions with the directory filters',
					requestParams: { query: ZDirectoryQuery.omit({ type: true }).extend(langParam.shape) },
					responses: { '200': { description: 'A page of institutions' }, '400': errorResponse('Invalid filter') }
				},
				post: {
					summary: 'Propose an institution (queued for moderation unless the secretariat proposes it)',
					security: [{ session: [] }],
					requestBody: { content: { 'application/json': { schema: ZInstitution } } },
					responses: {
						'201': { description: 'Proposed', content: { 'application/json': { schema: z.object({ id: z.uuid(), status: z.string() }) } } },
						'400': errorResponse('Invalid fields'),
						'409': errorResponse('Same name already registered in that country')
					}
				}
			},
			'/institutions/{id}': {
				get: {
					summary: 'One institution (verified ones for everyone)',
					requestParams: { path: z.object({ id: z.uuid() }) },
					responses: { '200': { description: 'The institution with its calls' }, '404': errorResponse('Unknown or not visible') }
				},
				put: {
					summary: 'Correct an institution (secretariat)',
					security: [{ session: [] }],
					requestParams: { path: z.object({ id: z.uuid() }) },
					requestBody: { content: { 'application/json': { schema: ZInstitution } } },
					responses: { '200': { description: 'Saved' }, '403': errorResponse('Not the secretariat'), '409': errorResponse('Duplicate name') }
				}
			},
			'/funding-calls': {
				get: {
					summary: 'Verified funding calls with the directory filters; sort=closing for the nearest deadlines',
					requestParams: { query: ZDirectoryQuery.omit({ type: true }).extend(langParam.shape) },
					responses: { '200': { description: 'A page of calls with their status' }, '400': errorResponse('Invalid filter') }
				},
				post: {
					summary: 'Propose a funding call; dates are wall-clock times in timeZone',
					security: [{ session: [] }],
					requestBody: { content: { 'application/json': { schema: ZFundingCall } } },
					responses: { '201': { description: 'Proposed' }, '400': errorResponse('Invalid fields (closing before opening, amounts, currency, time zone)') }
				}
			},
			'/funding-calls/{id}': {
				get: {
					summary: 'One funding call with its status now',
					requestParams: { path: z.object({ id: z.uuid() }) },
					responses: { '200': { description: 'The call' }, '404': errorResponse('Unknown or not visible') }
				}
			},
			'/experts': {
				get: {
					summary: 'Verified experts with the directory filters (language, availability, theme, country); never their contacts',
					requestParams: { query: ZDirectoryQuery.omit({ type: true }).extend(langParam.shape) },
					responses: { '200': { description: 'A page of experts' }, '400': errorResponse('Invalid filter') }
				},
				post: {
					summary: "Create a profile: one's own (verified by the secretariat), or by the secretariat with the person's consent",
					security: [{ session: [] }],
					requestBody: { content: { 'application/json': { schema: ZExpert } } },
					responses: { '201': { description: 'Created' }, '400': errorResponse('Invalid fields or missing consent'), '409': errorResponse('Already has a profile') }
				}
			},
			'/experts/me': {
				get: {
					summary: "Everything stored about the caller's expert profile (JSON export)",
					security: [{ session: [] }],
					responses: { '200': { description: 'The profile' }, '404': errorResponse('No profile') }
				}
			},
			'/experts/{id}': {
				get: {
					summary: 'One expert profile; e-mail and phone only for signed-in officials, the secretariat, council members and the expert',
					requestParams: { path: z.object({ id: z.uuid() }) },
					responses: { '200': { description: 'The profile' }, '404': errorResponse('Unknown or not visible') }
				},
				put: {
					summary: 'Update the profile (the expert or the secretariat)',
					security: [{ session: [] }],
					requestParams: { path: z.object({ id: z.uuid() }) },
					requestBody: { content: { 'application/json': { schema: ZExpert } } },
					responses: { '200': { description: 'Saved' }, '403': errorResponse('Not the expert or the secretariat') }
				},
				delete: {
					summary: 'Delete the profile (the expert or the secretariat)',
					security: [{ session: [] }],
					requestParams: { path: z.object({ id: z.uuid() }) },
					responses: { '200': { description: 'Deleted' }, '403': errorResponse('Not the expert or the secretariat') }
				}
			},
			'/experts/{id}/cv': {
				get: {
					summary: "The expert's CV (same audience as the contacts)",
					requestParams: { path: z.object({ id: z.uuid() }) },
					responses: { '200': { description: 'The file' }, '404': errorResponse('No CV, or not visible to the caller') }
				}
			},
			'/services': {
				get: {
					summary: 'Verified, active cooperation services (Open Referral HSDS fields) with the directory filters',
					requestParams: { query: ZDirectoryQuery.omit({ type: true }).extend(langParam.shape) },
					responses: { '200': { description: 'A page of services' }, '400': errorResponse('Invalid filter') }
				},
				post: {
					summary: 'Offer a service of an institution; the caller becomes its provider contact',
					security: [{ session: [] }],
					requestBody: { content: { 'application/json': { schema: ZService } } },
					responses: { '201': { description: 'Proposed' }, '400': errorResponse('Invalid fields') }
				}
			},
			'/services/{id}': {
				get: {
					summary: 'One cooperation service',
					requestParams: { path: z.object({ id: z.uuid() }) },
					responses: { '200': { description: 'The service' }, '404': errorResponse('Unknown or not visible') }
				}
			},
			'/services/{id}/requests': {
				post: {
					summary: 'Send a request to the provider (5 per hour per account, 20 per day per address)',
					security: [{ session: [] }],
					requestParams: { path: z.object({ id: z.uuid() }) },
					requestBody: { content: { 'application/json': { schema: ZServiceRequest } } },
					responses: { '201': { description: 'Sent' }, '400': errorResponse('Message too short'), '429': errorResponse('Too many requests') }
				}
			},
			'/service-requests': {
				get: {
					summary: "The caller's inbox: requests to the services they provide (all for the secretariat)",
					security: [{ session: [] }],
					responses: { '200': { description: 'Requests, newest first' }, '401': errorResponse('Not signed in') }
				}
			},
			'/service-requests/{id}': {
				put: {
					summary: 'Answer a request (its provider); the requester is e-mailed',
					security: [{ session: [] }],
					requestParams: { path: z.object({ id: z.uuid() }) },
					requestBody: { content: { 'application/json': { schema: ZServiceAnswer } } },
					responses: { '200': { description: 'Answered' }, '403': errorResponse('Not the provider') }
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
					summary: 'Audit log, newest first (administrators only)',
					security: [{ session: [] }],
					requestParams: {
						query: z.object({ action: z.string().optional(), page: z.coerce.number().int().min(1).optional(), pageSize: z.coerce.number().int().min(1).max(100).optional() })
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
