import type { Browser } from 'playwright-core';
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

describe('the cooperation directory', () => {
	it('the secretariat registers a funder, a member proposes a call, it is verified and found with its deadline in the calendar', async () => {
		const admin = await adminContext(browser);
		const tag = Array.from({ length: 8 }, () => 'bcdfghjklmnpqrstvwxz'[Math.floor(Math.random() * 20)]).join('');

		const secretariat = await admin.newPage();
		await visit(secretariat, '/directorio/instituciones/nueva');
		await secretariat.getByLabel('Nombre').fill(`Fondo de Agua ${tag}`);
		await secretariat.getByLabel('Clase').selectOption('development_bank');
		await secretariat.getByLabel('País de la sede').fill('pe');
		await secretariat.getByLabel('Teléfono').fill('12');
		await secretariat.getByRole('button', { name: 'Enviar la propuesta' }).click();
		await expect.poll(() => secretariat.getByText('Escriba un teléfono válido', { exact: false }).count()).toBeGreaterThan(0);
		await expectAccessible(secretariat);
		await secretariat.getByLabel('Teléfono').fill('+51 1 234 5678');
		await secretariat.getByLabel('Agua potable y saneamiento', { exact: false }).first().check();
		await secretariat.getByRole('button', { name: 'Enviar la propuesta' }).click();
		await secretariat.waitForURL(/\/directorio\/instituciones\/[0-9a-f-]{36}$/);
		await expectAccessible(secretariat);
		const institutionPath = new URL(secretariat.url()).pathname;

		// The secretariat corrects it: a centre of excellence for water, since a date, on a stated basis.
		await secretariat.getByRole('link', { name: 'Corregir la institución' }).click();
		await secretariat.waitForURL(/\/editar$/);
		await expectAccessible(secretariat);
		await secretariat.getByLabel('Centro de excelencia').check();
		await secretariat.getByRole('group', { name: 'Temas por los que es centro de excelencia' }).getByLabel('Agua potable y saneamiento').check();
		await secretariat.getByLabel('Fecha del reconocimiento').fill('2026-06-01');
		await secretariat.getByRole('button', { name: 'Guardar los cambios' }).click();
		await secretariat.waitForURL(`**${institutionPath}`);
		await expect.poll(() => secretariat.getByText('Centro de excelencia').count()).toBeGreaterThan(0);

		// A member proposes a call from the funder's page; it waits for moderation.
		const member = await createAccount(browser, admin.request, { name: 'Marta Member' });
		const proposer = await member.context.newPage();
		await visit(proposer, institutionPath);
		await proposer.getByRole('link', { name: 'Proponer una convocatoria de esta institución' }).click();
		await proposer.waitForURL(/\/directorio\/convocatorias\/nueva\?financiador=/);
		await expectAccessible(proposer);
		await proposer.getByLabel('Título').fill(`Agua segura rural ${tag}`);
		await proposer.getByLabel('Apertura').fill('2026-01-10T09:00');
		await proposer.getByLabel('Cierre').fill('2099-03-31T17:00');
		await proposer.getByLabel('Zona horaria de las fechas').fill('America/Lima');
		await proposer.getByLabel('Municipios', { exact: true }).check();
		await proposer.getByRole('button', { name: 'Enviar la propuesta' }).click();
		await proposer.waitForURL(/\/directorio\/convocatorias\/[0-9a-f-]{36}$/);
		await expect.poll(() => proposer.getByText('espera la verificación de la Secretaría', { exact: false }).count()).toBe(1);
		await expectAccessible(proposer);
		const callPath = new URL(proposer.url()).pathname;
		const anonymous = await (await newContext(browser)).newPage();
		expect((await anonymous.goto(callPath))?.status()).toBe(404);

		await visit(secretariat, '/directorio/moderacion');
		await secretariat.getByRole('listitem').filter({ hasText: `Agua segura rural ${tag}` }).getByRole('button', { name: 'Verificar y publicar' }).click();
		await expect.poll(() => secretariat.getByText('Verificada y publicada.').count()).toBe(1);
		await expectAccessible(secretariat);

		// The member finds the call's documents missing and proposes a correction; the secretariat applies it.
		await visit(proposer, callPath);
		await proposer.getByRole('link', { name: 'Proponer una corrección' }).click();
		await proposer.waitForURL(/\/editar$/);
		await expectAccessible(proposer);
		await proposer.getByLabel('Documentos').fill(`Bases ${tag} | https://fondo.example.org/bases.pdf`);
		await proposer.getByLabel('Fuente o explicación').fill(`Figura en el sitio del fondo ${tag}.`);
		await proposer.getByRole('button', { name: 'Enviar la corrección' }).click();
		await proposer.waitForURL(/done=correction/);
		await visit(secretariat, '/directorio/moderacion');
		const correction = secretariat.getByRole('listitem').filter({ hasText: `Figura en el sitio del fondo ${tag}.` });
		expect(await correction.getByRole('row', { name: /Documentos/ }).count()).toBe(1);
		await correction.getByRole('button', { name: 'Aplicar la corrección' }).click();
		await expect.poll(() => secretariat.getByText('Corrección aplicada.').count()).toBe(1);
		await expectAccessible(secretariat);

		await visit(anonymous, `/directorio?q=${tag}&type=funding_call&callStatus=open`);
		await anonymous.getByRole('link', { name: `Agua segura rural ${tag}` }).click();
		await anonymous.waitForURL(`**${callPath}`);
		await expectAccessible(anonymous);
		expect(await anonymous.getByText('2099-03-31 17:00 (America/Lima)').count()).toBe(1);
		expect(await anonymous.getByRole('link', { name: `Bases ${tag}` }).getAttribute('href')).toBe('https://fondo.example.org/bases.pdf');
		const ics = await anonymous.request.get(`/directorio/convocatorias/calendario.ics?country=PE&fresh=${tag}`);
		expect(ics.headers()['content-type']).toContain('text/calendar');
		expect(await ics.text()).toContain(`SUMMARY:Agua segura rural ${tag}`);
		const api = await (await anonymous.request.get(`/api/v1/funding-calls?q=${tag}`)).json();
		expect(api.items).toMatchObject([{ title: `Agua segura rural ${tag}`, callStatus: 'open' }]);
		await visit(anonymous, '/en/directorio');
	});

	it('an expert keeps a profile whose contacts only officials see, exports it and deletes it', async () => {
		const admin = await adminContext(browser);
		const tag = Array.from({ length: 8 }, () => 'bcdfghjklmnpqrstvwxz'[Math.floor(Math.random() * 20)]).join('');
		const expert = await createAccount(browser, admin.request, { name: 'Elena Expert' });
		const page = await expert.context.newPage();
		await visit(page, '/directorio/expertos/nuevo');
		await page.getByLabel('Nombre completo').fill(`Elena Catastro ${tag}`);
		await page.getByLabel('Especialidad en una línea').fill('Catastro y tributación inmobiliaria');
		await page.getByLabel('Finanzas públicas e ingresos propios').selectOption('leading');
		await page.getByLabel('Portugués').check();
		await page.getByLabel('Teléfono').fill('+57 1 234 5678');
		await page.getByRole('button', { name: 'Guardar el perfil' }).click();
		await page.waitForURL(/\/directorio\/expertos\/[0-9a-f-]{36}\?done=saved$/);
		await expectAccessible(page);
		const profilePath = new URL(page.url()).pathname;
		const exported = await page.request.get('/api/v1/experts/me');
		expect((await exported.json()).profile).toMatchObject({ name: `Elena Catastro ${tag}`, phone: '+57 1 234 5678' });

		const secretariat = await admin.newPage();
		await visit(secretariat, '/directorio/moderacion');
		await secretariat.getByRole('listitem').filter({ hasText: `Elena Catastro ${tag}` }).getByRole('button', { name: 'Verificar y publicar' }).click();
		await expect.poll(() => secretariat.getByText('Verificada y publicada.').count()).toBe(1);

		const anonymous = await (await newContext(browser)).newPage();
		await visit(anonymous, `/directorio?q=${tag}&type=expert&language=pt`);
		await anonymous.getByRole('link', { name: `Elena Catastro ${tag}` }).click();
		await anonymous.waitForURL(`**${profilePath}`);
		await expectAccessible(anonymous);
		expect(await anonymous.getByText('+57 1 234 5678').count()).toBe(0);
		expect(await anonymous.getByText('El correo y el teléfono se muestran', { exact: false }).count()).toBe(1);
		const official = await createAccount(browser, admin.request, { name: 'Oscar Official', role: 'municipal_official', municipalityId: 'MX-14039' });
		const officialPage = await official.context.newPage();
		await visit(officialPage, profilePath);
		expect(await officialPage.getByText('+57 1 234 5678').count()).toBe(1);

		// The public Popolo export names the expert but never their private contacts.
		const popolo = await (await anonymous.request.get(`/directorio/datos/popolo.json?fresh=${tag}`)).text();
		expect(popolo).toContain(`Elena Catastro ${tag}`);
		expect(popolo).not.toContain('+57 1 234 5678');

		await visit(page, profilePath);
		await page.getByText('Eliminar mi perfil').first().click();
		await page.getByRole('button', { name: 'Eliminar mi perfil' }).click();
		await page.waitForURL(/\/directorio\?done=deleted$/);
		await expect.poll(() => page.getByText('Perfil eliminado.').count()).toBe(1);
		expect((await anonymous.goto(profilePath))?.status()).toBe(404);
	});

	it('a provider offers a service, an official requests it and gets the answer by e-mail', async () => {
		const admin = await adminContext(browser);
		const tag = Array.from({ length: 8 }, () => 'bcdfghjklmnpqrstvwxz'[Math.floor(Math.random() * 20)]).join('');
		const { id: institutionId } = await (await admin.request.post('/api/v1/institutions', { data: { name: `Instituto Municipal ${tag}`, kind: 'training_institute', countryCode: 'EC' } })).json();
		const provider = await createAccount(browser, admin.request, { name: 'Pilar Provider' });
		const page = await provider.context.newPage();
		await visit(page, `/directorio/servicios/nuevo?proveedor=${institutionId}`);
		await page.getByLabel('Nombre del servicio').fill(`Asistencia en catastro ${tag}`);
		await page.getByLabel('Municipios', { exact: true }).check();
		await page.getByRole('button', { name: 'Enviar la propuesta' }).click();
		await page.waitForURL(/\/directorio\/servicios\/[0-9a-f-]{36}$/);
		const servicePath = new URL(page.url()).pathname;
		const serviceId = servicePath.split('/').pop()!;
		expect((await admin.request.post(`/api/v1/services/${serviceId}/requests`, { data: { message: 'Una solicitud antes de la verificación.' } })).status()).toBe(404);
		const verify = await admin.newPage();
		await visit(verify, '/directorio/moderacion');
		await verify.getByRole('listitem').filter({ hasText: `Asistencia en catastro ${tag}` }).getByRole('button', { name: 'Verificar y publicar' }).click();
		await expect.poll(() => verify.getByText('Verificada y publicada.').count()).toBe(1);

		const official = await createAccount(browser, admin.request, { name: 'Olga Official', role: 'municipal_official', municipalityId: 'MX-14039' });
		const asker = await official.context.newPage();
		await visit(asker, servicePath);
		await asker.getByLabel('Su solicitud').fill('Necesitamos actualizar el catastro urbano antes de junio.');
		await asker.getByRole('button', { name: 'Enviar la solicitud' }).click();
		await expect.poll(() => asker.getByText('Solicitud enviada').count()).toBe(1);
		await expectAccessible(asker);

		await visit(page, '/directorio/solicitudes');
		await page.getByLabel('Respuesta').fill('Le proponemos una visita técnica en marzo.');
		await page.getByRole('button', { name: 'Enviar la respuesta' }).click();
		await expect.poll(() => page.getByText('Respuesta enviada por correo').count()).toBe(1);
		await expectAccessible(page);
		const outbox = await (await admin.request.get(`/admin/correo?to=${encodeURIComponent(official.email)}`)).text();
		expect(outbox).toContain(`Asistencia en catastro ${tag}`);
	});

	it('the secretariat imports institutions from CSV: mapping, dry run with row errors, then all rows', async () => {
		const admin = await adminContext(browser);
		const tag = Array.from({ length: 8 }, () => 'bcdfghjklmnpqrstvwxz'[Math.floor(Math.random() * 20)]).join('');
		const page = await admin.newPage();
		await visit(page, '/directorio/importar');
		const upload = async (text: string) => {
			await page.getByLabel('Archivo CSV').setInputFiles({ name: 'instituciones.csv', mimeType: 'text/csv', buffer: Buffer.from(text) });
			await page.getByRole('button', { name: 'Subir y continuar' }).click();
			await page.waitForURL(/\/directorio\/importar\/[0-9a-f-]{36}$/);
		};
		await upload(['Nombre,Tipo,País', `Asociación Norte ${tag},municipal_association,PE`, `Asociación Sur ${tag},bank,PE`].join('\n'));
		await expectAccessible(page);
		await page.getByRole('button', { name: 'Revisar (prueba sin guardar)' }).click();
		await expect.poll(() => page.getByRole('heading', { name: /problemas encontrados/ }).count()).toBe(1);
		await expectAccessible(page);

		await visit(page, '/directorio/importar');
		await upload(['Nombre,Tipo,País', `Asociación Norte ${tag},municipal_association,PE`, `Asociación Sur ${tag},municipal_association,PE`].join('\n'));
		await page.getByRole('button', { name: 'Revisar (prueba sin guardar)' }).click();
		await expect.poll(() => page.getByText('Ninguna fila tiene errores').count()).toBe(1);
		await page.getByRole('button', { name: 'Importar las 2 filas' }).click();
		await expect.poll(async () => {
			await page.reload();
			return page.getByText('Listo: 2 filas importadas.').count();
		}).toBe(1);
		await expectAccessible(page);
		const api = await (await admin.request.get(`/api/v1/institutions?q=${tag}`)).json();
		expect(api.total).toBe(2);
	});
});
