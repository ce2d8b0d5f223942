import { z } from 'zod';
import { expertIdentityFields, ZDirectoryQuery, ZExpert, ZFundingCall, ZInstitution, ZService, ZServiceAnswer, ZServiceRequest } from '../directory/schema';
import { errorResponse, langParam } from './shared';

const ZExpertCorrection = z.object({
	id: z.uuid().describe('The proposed correction'),
	status: z.literal('pending'),
	fields: z.array(z.enum(expertIdentityFields)).describe('The identity fields whose change waits for the secretariat')
});

/** The directory's paths of the OpenAPI document. */
export function directoryPaths() {
	return {
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
				summary: 'Propose an institution (queued for moderation unless the secretariat proposes it); networkMember, memberSince, centreOfExcellence and excellence* are set by the secretariat only and dropped from anyone else’s proposal',
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
				summary:
					"Update the profile (the expert or the secretariat). On a verified profile the expert's changes to identity fields (name, organisationId/organisationName, website, email, phone) are not applied: they wait for the secretariat as a proposed correction (202), the verified profile stays public as it was; the other fields apply at once. The secretariat's edits apply at once.",
				security: [{ session: [] }],
				requestParams: { path: z.object({ id: z.uuid() }) },
				requestBody: { content: { 'application/json': { schema: ZExpert } } },
				responses: {
					'200': { description: 'Saved: the profile as it is now, correction null' },
					'202': {
						description: 'The other fields saved; the changes to identity fields wait for the secretariat. The profile as it is now (identity fields unchanged), with the correction',
						content: { 'application/json': { schema: z.object({ correction: ZExpertCorrection }) } }
					},
					'403': errorResponse('Not the expert or the secretariat'),
					'429': errorResponse('Too many corrections proposed by this account today')
				}
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
	};
}
