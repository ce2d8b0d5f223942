import { beforeAll, describe, expect, it } from 'vitest';
import { createExperience, createUser } from '../../../../tests/factories';
import type { Actor } from '../context';
import { getDb } from '../db';
import { loadReferenceTaxonomy } from '../taxonomy/service';
import { addAttachment, getAttachmentContent, listAttachments, removeAttachment } from './attachment-service';

const as = (actor: Actor | null) => ({ actor, locale: 'es' as const });
const pdfBytes = new TextEncoder().encode('%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n');

beforeAll(async () => {
	await loadReferenceTaxonomy(getDb());
});

describe('attachments', () => {
	it('stores a checked file for the authors of a draft, hides it with the draft, and lets them remove it', async () => {
		const { id, author } = await createExperience({ stage: 'draft' });
		const { id: fileId } = await addAttachment(as(author), id, new File([pdfBytes], 'informe.pdf', { type: 'application/octet-stream' }));
		expect(await listAttachments(as(author), id)).toMatchObject([{ id: fileId, fileName: 'informe.pdf', contentType: 'application/pdf', byteSize: pdfBytes.length }]);
		expect(new Uint8Array((await getAttachmentContent(as(author), fileId)).content)).toEqual(pdfBytes);
		await expect(getAttachmentContent(as(null), fileId)).rejects.toMatchObject({ code: 'NOT_FOUND' });
		await expect(removeAttachment(as(await createUser()), fileId)).rejects.toMatchObject({ code: 'NOT_FOUND' });
		await removeAttachment(as(author), fileId);
		expect(await listAttachments(as(author), id)).toEqual([]);
	});

	it('refuses a disguised file and keeps nothing; refuses strangers and experiences under review', async () => {
		const { id, author } = await createExperience({ stage: 'draft' });
		const script = new File(['<script>alert(1)</script>'], 'informe.pdf', { type: 'application/pdf' });
		await expect(addAttachment(as(author), id, script)).rejects.toMatchObject({ code: 'VALIDATION', fields: [{ field: 'file', messageKey: 'error_file_type' }] });
		await expect(addAttachment(as(author), id, 'not a file')).rejects.toMatchObject({ code: 'VALIDATION', fields: [{ messageKey: 'error_file_missing' }] });
		expect(await listAttachments(as(author), id)).toEqual([]);
		const published = await createExperience();
		await expect(addAttachment(as(await createUser()), published.id, new File([pdfBytes], 'a.pdf'))).rejects.toMatchObject({ code: 'FORBIDDEN' });
		const inReview = await createExperience({ stage: 'in_review' });
		await expect(addAttachment(as(inReview.author), inReview.id, new File([pdfBytes], 'a.pdf'))).rejects.toMatchObject({ code: 'CONFLICT' });
	});
});
