// The objects the access matrix acts on, in each state, built through the services as users would build them.
import type { Actor } from '../../src/lib/server/context';
import { getDb } from '../../src/lib/server/db';
import { createExpertProfile, moderateEntry, proposeCall, proposeInstitution, proposeService, requestService, uploadImport } from '../../src/lib/server/directory';
import { addAttachment, assignReviewer, transitionExperience } from '../../src/lib/server/experiences';
import { queueMail } from '../../src/lib/server/mail';
import { createAdmin, createExperience, createMunicipality, createUser, uniqueIp, uniqueToken } from '../factories';
import { createTestIndicator, createUnitMunicipalities, importLongCsv } from '../helpers/statistics';
import type { Fixture } from './harness';

const as = (actor: Actor | null) => ({ actor, locale: 'es' as const });
let staff: { secretariat: Actor; editor: Actor; admin: Actor } | undefined;

/** The secretariat, a statistics editor and an administrator who build the fixtures (not the ones tested). */
async function builders() {
	staff ??= {
		secretariat: await createUser({ roles: [{ role: 'secretariat', subRole: 'programme_secretary' }] }),
		editor: await createUser({ roles: [{ role: 'statistics_editor' }] }),
		admin: await createAdmin()
	};
	return staff;
}

export const pdf = () => new File([new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d, 0x31, 0x2e, 0x34, 0x0a, 0x25, 0x25, 0x45, 0x4f, 0x46, 0x0a])], 'informe.pdf', { type: 'application/pdf' });

export type ExperienceStage = 'draft' | 'submitted' | 'in_review' | 'published' | 'unpublished';

/** An experience in a stage, with its author (owner), an official of its municipality and, once accepted, an assigned reviewer. */
export async function experience(stage: ExperienceStage): Promise<Fixture & { experience: Awaited<ReturnType<typeof createExperience>>; reviewId?: string }> {
	const built = await createExperience({ stage: stage === 'unpublished' ? 'published' : stage });
	const official = await createUser({ roles: [{ role: 'municipal_official', municipalityId: built.place.id }] });
	if (stage === 'unpublished') await transitionExperience(as(built.secretariat), built.id, { action: 'unpublish', comment: 'Retirada para revisar.' });
	let reviewer: Actor | undefined = built.reviewers[0];
	let reviewId = built.reviewIds[0];
	if (stage === 'in_review') {
		reviewer = await createUser({ roles: [{ role: 'reviewer' }] });
		({ id: reviewId } = await assignReviewer(as(built.secretariat), built.id, { reviewerEmail: reviewer.email, dueOn: '2999-12-31' }));
	}
	return { params: { id: built.id, version: '1' }, actors: { owner: built.author, official, ...(reviewer ? { reviewer } : {}) }, experience: built, reviewId };
}

/** A published (or then unpublished) experience with an earlier version: its authors made a small fix. */
export async function experienceWithVersion(stage: 'published' | 'unpublished'): Promise<Fixture> {
	const built = await experience('published');
	const { saveDraft, getExperience } = await import('../../src/lib/server/experiences');
	const current = await getExperience(as(built.experience.author), built.experience.id);
	await saveDraft(as(built.experience.author), built.experience.id, {
		locale: current.originalLocale,
		title: current.title,
		summary: current.summary,
		context: current.context,
		municipalityIds: current.municipalities.map((municipality) => municipality.id),
		themes: current.themes,
		sdgs: current.sdgs,
		startDate: current.timeline.start ?? undefined,
		contactEmail: `${uniqueToken()}@example.org`
	});
	if (stage === 'unpublished') await transitionExperience(as(built.experience.secretariat), built.experience.id, { action: 'unpublish', comment: 'Retirada.' });
	return { ...built, params: { id: built.experience.id, version: '1' } };
}

/** A published experience whose author retitled it: the new title waits for the secretariat as a pending version. */
export async function pendingVersion(): Promise<Fixture> {
	const built = await experience('published');
	const { saveDraft, getExperience, getPendingVersion } = await import('../../src/lib/server/experiences');
	const author = built.experience.author;
	const current = await getExperience(as(author), built.experience.id);
	await saveDraft(as(author), built.experience.id, {
		locale: current.originalLocale,
		title: `${current.title} (revisada)`,
		summary: current.summary,
		context: current.context,
		municipalityIds: current.municipalities.map((municipality) => municipality.id),
		themes: current.themes,
		sdgs: current.sdgs,
		startDate: current.timeline.start ?? undefined
	});
	const pending = await getPendingVersion(as(author), built.experience.id);
	return { ...built, params: { id: built.experience.id, revisionId: pending!.id } };
}

/** An attachment of an experience in a stage (added by its author while a draft). */
export async function attachment(stage: 'draft' | 'published' | 'unpublished'): Promise<Fixture> {
	const built = await createExperience({ stage: 'draft' });
	const official = await createUser({ roles: [{ role: 'municipal_official', municipalityId: built.place.id }] });
	const { id } = await addAttachment(as(built.author), built.id, pdf());
	if (stage !== 'draft') {
		const { submitReview } = await import('../../src/lib/server/experiences');
		await transitionExperience(as(built.author), built.id, { action: 'submit' });
		await transitionExperience(as(built.secretariat), built.id, { action: 'accept' });
		const { rubricCriteria } = await import('../../src/lib/server/experiences/review-rules');
		for (let i = 0; i < 2; i++) {
			const reviewer = await createUser({ roles: [{ role: 'reviewer' }] });
			const review = await assignReviewer(as(built.secretariat), built.id, { reviewerEmail: reviewer.email, dueOn: '2999-12-31' });
			await submitReview(as(reviewer), review.id, Object.fromEntries(rubricCriteria.flatMap((criterion) => [[criterion, 4], [`${criterion}Comment`, 'Bien.']])));
		}
		await transitionExperience(as(built.secretariat), built.id, { action: 'publish' });
		if (stage === 'unpublished') await transitionExperience(as(built.secretariat), built.id, { action: 'unpublish', comment: 'Retirada.' });
	}
	return { params: { id }, actors: { owner: built.author, official } };
}

/** An institution proposed by a member: pending, or verified by the secretariat. */
export async function institution(state: 'pending' | 'verified'): Promise<Fixture> {
	const { secretariat } = await builders();
	const owner = await createUser();
	const { id } = await proposeInstitution(as(owner), { name: `Instituto ${uniqueToken()}`, kind: 'training_institute', countryCode: 'EC' });
	if (state === 'verified') await moderateEntry(as(secretariat), 'institution', id, { decision: 'verify' });
	return { params: { id }, actors: { owner } };
}

/** A funding call proposed by a member for a verified funder: pending or verified. */
export async function fundingCall(state: 'pending' | 'verified'): Promise<Fixture> {
	const { secretariat } = await builders();
	const owner = await createUser();
	const { id: funderId } = await proposeInstitution(as(secretariat), { name: `Banco ${uniqueToken()}`, kind: 'development_bank', countryCode: 'MX' });
	const { id } = await proposeCall(as(owner), { funderId, title: `Convocatoria ${uniqueToken()}`, opensAt: '2030-01-01', closesAt: '2030-03-31T18:00', timeZone: 'America/Mexico_City', themes: 'solid-waste' });
	if (state === 'verified') await moderateEntry(as(secretariat), 'funding_call', id, { decision: 'verify' });
	return { params: { id }, actors: { owner } };
}

/** An expert's own profile (the expert is its owner), pending or verified, with a CV. */
export async function expertProfile(state: 'pending' | 'verified'): Promise<Fixture> {
	const { secretariat } = await builders();
	const owner = await createUser({ roles: [{ role: 'expert' }] });
	const { id } = await createExpertProfile(as(owner), { name: `Experta ${uniqueToken()}`, email: `${uniqueToken()}@example.org`, phone: '+57 1 234 5678' });
	if (state === 'verified') await moderateEntry(as(secretariat), 'expert', id, { decision: 'verify' });
	const { uploadExpertCv } = await import('../../src/lib/server/directory');
	await uploadExpertCv(as(owner), id, pdf());
	return { params: { id }, actors: { owner } };
}

/** A cooperation service offered by its provider (owner), pending or verified. */
export async function service(state: 'pending' | 'verified'): Promise<Fixture & { provider: Actor }> {
	const { secretariat } = await builders();
	const owner = await createUser();
	const { id: institutionId } = await proposeInstitution(as(secretariat), { name: `Instituto ${uniqueToken()}`, kind: 'training_institute', countryCode: 'EC' });
	const { id } = await proposeService(as(owner), { institutionId, name: `Asistencia ${uniqueToken()}`, kind: 'technical_assistance', languages: 'es', serviceAreas: 'EC', eligibleApplicants: 'municipality', themes: 'public-finance', cost: 'cost_shared' });
	if (state === 'verified') await moderateEntry(as(secretariat), 'service', id, { decision: 'verify' });
	return { params: { id }, actors: { owner }, provider: owner };
}

/** A request to a verified service: its provider is the owner (who answers it). */
export async function serviceRequest(): Promise<Fixture> {
	const offered = await service('verified');
	const requester = await createUser();
	const { id } = await requestService(as(requester), offered.params.id, { message: 'Necesitamos actualizar el catastro urbano de 4.000 predios.' }, uniqueIp());
	return { params: { id }, actors: { owner: offered.provider } };
}

/** A directory import uploaded by the secretariat. */
export async function directoryImport(): Promise<Fixture> {
	const { secretariat } = await builders();
	const { id } = await uploadImport(as(secretariat), { type: 'institution', file: new File(['nombre,tipo,pais\nInstituto Prueba,training_institute,EC\n'], 'instituciones.csv', { type: 'text/csv' }) });
	return { params: { id } };
}

/** A statistics dataset: uploaded only (not public), or imported (public). */
export async function dataset(state: 'uploaded' | 'imported'): Promise<Fixture> {
	const { editor } = await builders();
	const code = await createTestIndicator(editor);
	if (state === 'imported') {
		const [place] = await createUnitMunicipalities(1);
		const { id } = await importLongCsv(editor, code, `${place.id},2020,1,A\n`);
		return { params: { id, code } };
	}
	const { uploadDataset } = await import('../../src/lib/server/statistics');
	const { id } = await uploadDataset(as(editor), { title: 'Encuesta', publisher: 'Instituto', licence: 'CC BY 4.0', file: new File(['territorio,periodo,valor\nXA-0001,2020,1\n'], 'datos.csv', { type: 'text/csv' }) });
	return { params: { id, code } };
}

/** A statistics indicator of the editors'. */
export async function indicator(): Promise<Fixture> {
	const { editor } = await builders();
	return { params: { code: await createTestIndicator(editor) } };
}

/** A message in the outbox, a taxonomy term, a user: the administrators' objects. */
export async function mail(): Promise<Fixture> {
	return { params: { id: await queueMail(getDb(), { to: `${uniqueToken()}@example.org`, subject: 'Prueba', text: 'Hola.' }) } };
}

export async function term(): Promise<Fixture> {
	return { params: { facet: 'theme', code: 'citizen-participation' } };
}

export async function someone(): Promise<Fixture & { grantId?: string }> {
	const person = await createUser({ roles: [{ role: 'reviewer' }] });
	const { listGrants } = await import('../../src/lib/server/roles');
	const [grant] = await listGrants({ actor: (await builders()).admin, locale: 'es' }, person.id);
	return { params: { id: person.id, grantId: grant.id }, actors: { owner: person } };
}

/** A municipality and a country of the gazetteer. */
export async function place(): Promise<Fixture> {
	const municipality = await createMunicipality();
	return { params: { id: municipality.id, code: municipality.countryCode, country: municipality.countryCode.toLowerCase() } };
}

/** Nothing in particular: a collection. */
export async function none(): Promise<Fixture> {
	return { params: {} };
}

/** A member's request for the reviewer role (the member is its owner): pending, or approved by the secretariat. */
export async function roleRequest(state: 'pending' | 'decided'): Promise<Fixture> {
	const { requestRole, decideRoleRequest } = await import('../../src/lib/server/roles');
	const owner = await createUser();
	const { id } = await requestRole(as(owner), { role: 'reviewer', note: 'Evalué proyectos de cooperación durante diez años.' });
	if (state === 'decided') await decideRoleRequest(as((await builders()).secretariat), id, { decision: 'approve' });
	return { params: { id }, actors: { owner } };
}
