import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminContext, createAccount } from './accounts';
import { expectAccessible, launchBrowser, newContext, visit } from './harness';

let browser: Browser;

beforeAll(async () => {
	browser = await launchBrowser();
});

afterAll(async () => {
	await browser?.close();
});

const criteria = ['Pertinencia', 'Evidencia de resultados', 'Sostenibilidad', 'Replicabilidad', 'Participación de la comunidad', 'Innovación'];

async function scoreRubric(page: Page, score: number) {
	for (const criterion of criteria) {
		const group = page.getByRole('group', { name: criterion, exact: true });
		await group.getByLabel(String(score), { exact: true }).check();
		await group.getByLabel('Comentario').fill(`Sobre ${criterion.toLowerCase()}: bien documentado.`);
	}
}

describe('the experience bank, end to end', () => {
	it('an official submits with an attachment, the secretariat assigns two reviewers, both score, it is published and found', async () => {
		const admin = await adminContext(browser);
		// A letters-only word no other record contains, so search finds exactly this one.
		const word = `huertas${Array.from({ length: 8 }, () => 'bcdfghjklmnpqrstvwxz'[Math.floor(Math.random() * 20)]).join('')}`;
		const official = await createAccount(browser, admin.request, { name: 'Lucía Official', role: 'municipal_official', municipalityId: 'MX-14039' });
		const first = await createAccount(browser, admin.request, { name: 'Rosa Reviewer', role: 'reviewer' });
		const second = await createAccount(browser, admin.request, { name: 'Tomás Reviewer', role: 'reviewer' });

		// The official drafts, attaches the evidence and submits.
		const author = await official.context.newPage();
		await visit(author, '/experiencias/nueva');
		await author.getByLabel('Título').fill(`Huertas comunitarias ${word}`);
		// The official's own municipality comes already chosen in the picker.
		expect(await author.getByRole('list', { name: 'Municipios elegidos' }).textContent()).toContain('Guadalajara');
		await author.getByLabel('Resumen').fill('Vecinos cultivan alimentos en terrenos municipales recuperados.');
		await author.getByLabel('Contexto y problema').fill('Había <strong>terrenos baldíos</strong>.<script>alert(1)</script>');
		await author.getByLabel('Espacio público y áreas verdes').check();
		await author.getByRole('group', { name: 'Resultado 1' }).getByLabel('Indicador').fill('Huertas activas');
		await author.getByRole('group', { name: 'Resultado 1' }).getByLabel('Después').fill('24');
		await author.getByRole('button', { name: 'Guardar el borrador' }).click();
		await author.waitForURL(/\/experiencias\/[0-9a-f-]{36}$/);
		const path = new URL(author.url()).pathname;
		await expectAccessible(author);
		expect(await author.locator('.prose').innerHTML()).not.toContain('<script');

		await author.getByLabel('Adjuntar un archivo').setInputFiles({ name: 'fotos.pdf', mimeType: 'application/pdf', buffer: Buffer.from('not really a pdf') });
		await author.getByRole('button', { name: 'Subir el archivo' }).click();
		await expect.poll(() => author.getByText('Ese tipo de archivo no se acepta', { exact: false }).count()).toBeGreaterThan(0);
		await expectAccessible(author);
		await author.getByLabel('Adjuntar un archivo').setInputFiles({ name: 'informe.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n') });
		await author.getByRole('button', { name: 'Subir el archivo' }).click();
		await expect.poll(() => author.getByRole('link', { name: 'informe.pdf' }).count()).toBe(1);
		await author.getByRole('button', { name: 'Enviar a la Secretaría' }).click();
		await expect.poll(() => author.getByText('Estado actual: Enviada').count()).toBe(1);
		await expectAccessible(author);

		// The secretariat accepts it and assigns two reviewers; a third person with a conflict is refused.
		const secretariat = await admin.newPage();
		await visit(secretariat, path);
		await secretariat.getByRole('button', { name: 'Aceptar para evaluación' }).click();
		await expect.poll(() => secretariat.getByText('Estado actual: En evaluación').count()).toBe(1);
		const due = new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10);
		const assign = async (email: string) => {
			await secretariat.getByLabel('Correo de la persona evaluadora').fill(email);
			await secretariat.getByLabel('Fecha límite').fill(due);
			await secretariat.getByRole('button', { name: 'Asignar', exact: true }).click();
		};
		const pending = () => secretariat.getByRole('listitem').filter({ hasText: 'Pendiente, fecha límite' }).count();
		// The official holds no reviewer role: refused, with the reason beside the field.
		await assign(official.email);
		await expect.poll(() => secretariat.getByText('No hay ninguna persona evaluadora con esa dirección', { exact: false }).count()).toBeGreaterThan(0);
		await expectAccessible(secretariat);
		await assign(first.email);
		await expect.poll(pending).toBe(1);
		await assign(second.email);
		await expect.poll(pending).toBe(2);
		await expect.poll(() => secretariat.getByText('Persona evaluadora asignada').count()).toBe(1);
		await expectAccessible(secretariat);

		// Each reviewer scores the rubric from their list of assignments.
		for (const [reviewer, score] of [
			[first, 5],
			[second, 4]
		] as const) {
			const page = await reviewer.context.newPage();
			await visit(page, '/revisiones');
			await page.getByRole('link', { name: `Huertas comunitarias ${word}` }).click();
			await page.waitForURL(/\/revisiones\/[0-9a-f-]{36}$/);
			await expectAccessible(page);
			await scoreRubric(page, score);
			await page.getByRole('button', { name: 'Enviar la evaluación' }).click();
			await expect.poll(() => page.getByText('Su evaluación quedó enviada').count()).toBe(1);
			await expectAccessible(page);
		}

		await visit(secretariat, path);
		await secretariat.getByRole('button', { name: 'Publicar', exact: true }).click();
		await expect.poll(() => secretariat.getByText('Estado actual: Publicada').count()).toBe(1);
		await expect.poll(() => secretariat.getByText('Experiencia reconocida').count()).toBeGreaterThan(0);
		await expectAccessible(secretariat);

		// Anyone finds it in the catalogue, the feed and the API, and can download the attachment.
		const visitor = await (await newContext(browser)).newPage();
		await visit(visitor, `/experiencias?q=${word}`);
		await visitor.getByRole('link', { name: `Huertas comunitarias ${word}` }).click();
		await visitor.waitForURL(`**${path}`);
		await expectAccessible(visitor);
		expect(await visitor.locator('script[type="application/ld+json"]').textContent()).toContain('"AggregateRating"');
		expect(await visitor.getByRole('cell', { name: '4,5' }).count()).toBeGreaterThan(0);
		const download = await visitor.request.get((await visitor.getByRole('link', { name: 'informe.pdf' }).getAttribute('href'))!);
		expect(download.headers()['content-type']).toBe('application/pdf');

		const feed = await visitor.request.get(`/experiencias/feed.atom?country=MX&fresh=${word}`);
		expect(feed.headers()['content-type']).toContain('application/atom+xml');
		expect(await feed.text()).toContain(`Huertas comunitarias ${word}`);
		const api = await (await visitor.request.get(`/api/v1/experiences?q=${word}`)).json();
		expect(api.items).toMatchObject([{ title: `Huertas comunitarias ${word}`, recognised: true, score: 4.5 }]);

		// Issue 13 finding 5: the official retitles the published record; it waits for the secretariat, the public
		// still sees the published title, and the secretariat approves from its queue.
		await visit(author, `${path}/editar`);
		await expectAccessible(author);
		await author.getByLabel('Título').fill(`Huertas urbanas ${word}`);
		await author.getByRole('button', { name: 'Guardar los cambios' }).click();
		await author.waitForURL(`**${path}/version-pendiente?sent=1`);
		await expect.poll(() => author.getByText('Sus cambios quedaron como versión pendiente', { exact: false }).count()).toBe(1);
		await expectAccessible(author);
		await visit(visitor, path);
		expect(await visitor.getByRole('heading', { level: 1 }).textContent()).toBe(`Huertas comunitarias ${word}`);

		await visit(secretariat, '/experiencias/seguimiento');
		await secretariat.getByRole('link', { name: `Huertas comunitarias ${word}` }).last().click();
		await secretariat.waitForURL(`**${path}/version-pendiente`);
		await expect.poll(() => secretariat.getByRole('cell', { name: `Huertas urbanas ${word}` }).count()).toBe(1);
		await expectAccessible(secretariat);
		await secretariat.getByRole('button', { name: 'Aprobar y publicar los cambios' }).click();
		await expect.poll(() => secretariat.getByText('Versión aprobada', { exact: false }).count()).toBe(1);
		const edited = await (await visitor.request.get(`/api/v1/experiences?q=${word}&fresh=1`)).json();
		expect(edited.items).toMatchObject([{ title: `Huertas urbanas ${word}`, recognised: true, score: 4.5 }]);

		// Unpublished, it leaves the anonymous cache at once, and so does its attachment (issue 13 finding 13).
		const attachment = (await visitor.getByRole('link', { name: 'informe.pdf' }).getAttribute('href'))!;
		await visitor.request.get(path);
		expect((await visitor.request.get(path)).headers()['x-cache']).toBe('hit');
		const file = await visitor.request.get(attachment);
		expect(file.headers()['cache-control']).toBe('public, no-cache');
		expect((await visitor.request.get(attachment, { headers: { 'if-none-match': file.headers().etag } })).status()).toBe(304);
		await visit(secretariat, path);
		await secretariat.locator('#field-comment').fill('Retirada para corregir los datos de contacto.');
		await secretariat.getByRole('button', { name: 'Retirar de la publicación' }).click();
		await expect.poll(() => secretariat.getByText('Estado actual: Retirada de la publicación').count()).toBe(1);
		expect((await visitor.request.get(path)).status()).toBe(404);
		expect((await visitor.request.get(attachment)).status()).toBe(404);
		expect((await visitor.request.get(attachment, { headers: { 'if-none-match': file.headers().etag } })).status()).toBe(404);
		expect((await (await visitor.request.get(`/api/v1/experiences?q=${word}`)).json()).items).toEqual([]);
	});

	it('the catalogue, its filters and the secretariat pages work without JavaScript and pass axe', async () => {
		const visitor = await (await newContext(browser, { javaScript: false })).newPage();
		await visit(visitor, '/experiencias');
		await visitor.getByLabel('Buscar experiencias').fill('presupuesto');
		await visitor.getByLabel('Ordenar por').selectOption('newest');
		await visitor.getByRole('button', { name: 'Buscar' }).click();
		await visitor.waitForURL(/\/experiencias\?q=presupuesto&sort=newest/);
		await expectAccessible(visitor);
		await visit(visitor, '/experiencias?size=huge&year=soon');
		expect(await visitor.getByRole('heading', { name: 'Hay un problema' }).count()).toBe(1);
		await visit(visitor, '/pt/experiencias');
		expect(await visitor.getByRole('heading', { level: 1 }).textContent()).toBe('Banco de experiências');

		const admin = await adminContext(browser);
		const page = await admin.newPage();
		await visit(page, '/experiencias/seguimiento?state=submitted');
		await visit(page, '/revisiones');
		const created = await admin.request.post('/api/v1/experiences', { data: { locale: 'es', title: 'Mercado campesino', municipalityIds: ['MX-14039'] } });
		const { id } = await created.json();
		await visit(page, `/experiencias/${id}/traducir?idioma=pt`);
		await page.getByLabel('Título (Portugués)').fill('Feira camponesa');
		await page.getByRole('button', { name: 'Guardar la traducción' }).click();
		await expect.poll(() => page.getByText('Traducción guardada.').count()).toBe(1);
		await expectAccessible(page);
	});
});
