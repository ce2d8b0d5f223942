// Asking for a role (issue 13): a new member is shown what registering an experience needs instead of a form they
// could not send, asks to be the official of MX-14039 (without JavaScript, on a 360 px screen), the secretariat
// approves it, and the member now sees the experience form.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminContext, createAccount, signInContext } from './accounts';
import { expectAccessible, launchBrowser, newContext, visit } from './harness';

let browser: Browser;

beforeAll(async () => {
	browser = await launchBrowser();
});

afterAll(async () => {
	await browser?.close();
});

const fitsPhone = async (page: Page) => expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

describe('asking for a role', () => {
	it('a member asks to be a municipal official, the secretariat approves, and the experience form appears', async () => {
		const admin = await adminContext(browser);
		const secretariat = await createAccount(browser, admin.request, { name: 'Sara Secretariat', role: 'secretariat', subRole: 'programme_secretary' });
		const member = await createAccount(browser, admin.request, { name: 'Marta Member' });

		// Without JavaScript, at 360 px: the page says what is needed, not the form.
		const plain = await newContext(browser, { javaScript: false });
		await signInContext(plain, member.email, member.password);
		const phone = await plain.newPage();
		await phone.setViewportSize({ width: 360, height: 800 });
		await visit(phone, '/experiencias/nueva');
		expect(await phone.getByRole('heading', { name: 'Necesita otro rol' }).count()).toBe(1);
		expect(await phone.getByRole('button', { name: 'Guardar el borrador' }).count()).toBe(0);
		await fitsPhone(phone);
		await phone.getByRole('link', { name: 'Solicitar el rol de funcionario/a municipal' }).click();
		await phone.waitForURL(/\/cuenta\/roles\?rol=municipal_official$/);
		await expectAccessible(phone);
		await fitsPhone(phone);
		expect(await phone.getByLabel('Rol', { exact: true }).inputValue()).toBe('municipal_official');

		// A request without a position is refused beside the field, the values kept.
		await phone.getByLabel('Municipio (solo funcionarios/as municipales)').fill('MX-14039');
		await phone.getByRole('button', { name: 'Enviar la solicitud' }).click();
		await expect.poll(() => phone.getByText('Escriba su cargo en el municipio.').count()).toBeGreaterThan(0);
		await expectAccessible(phone);
		expect(await phone.getByLabel('Municipio (solo funcionarios/as municipales)').inputValue()).toBe('MX-14039');
		await phone.getByLabel('Cargo', { exact: true }).fill('Directora de Participación Ciudadana');
		await phone.getByLabel('Correo institucional (opcional)').fill('participacion@zapopan.gob.mx');
		await phone.getByLabel('Nota para la secretaría (opcional)').fill('Nombramiento publicado en la gaceta municipal.');
		await phone.getByRole('button', { name: 'Enviar la solicitud' }).click();
		await phone.waitForURL(/hecho=solicitud/);
		await expectAccessible(phone);
		expect(await phone.getByRole('status').textContent()).toContain('Su solicitud se envió a la secretaría');
		expect(await phone.getByRole('listitem').filter({ hasText: 'Pendiente' }).count()).toBe(1);
		await fitsPhone(phone);

		// The statistics editors' pages say the same for their role.
		await visit(phone, '/estadisticas/importar');
		expect(await phone.getByRole('link', { name: 'Solicitar el rol de editor/a de estadísticas' }).count()).toBe(1);
		expect(await phone.getByRole('button', { name: 'Subir' }).count()).toBe(0);

		// The secretariat was mailed, and decides at /secretaria/roles: a decline needs a reason; it approves.
		const outbox = await (await admin.request.get(`/admin/correo?to=${encodeURIComponent(secretariat.email)}`)).text();
		expect(outbox).toContain('Solicitud de rol');
		const desk = await secretariat.context.newPage();
		await visit(desk, '/');
		await desk.getByRole('link', { name: 'Secretaría' }).click();
		await desk.waitForURL(/\/secretaria\/roles$/);
		await expectAccessible(desk);
		const request = desk.getByRole('article').filter({ hasText: member.email });
		expect(await request.getByText('Directora de Participación Ciudadana').count()).toBe(1);
		await request.getByRole('button', { name: 'Rechazar' }).click();
		await expect.poll(() => desk.getByRole('article').filter({ hasText: member.email }).getByText('Escriba el motivo del rechazo', { exact: false }).count()).toBeGreaterThan(0);
		await expectAccessible(desk);
		await desk.getByRole('article').filter({ hasText: member.email }).getByRole('button', { name: 'Aprobar y otorgar el rol' }).click();
		await expect.poll(() => desk.getByText('Solicitud aprobada', { exact: false }).count()).toBe(1);
		await expectAccessible(desk);
		expect(await desk.getByRole('article').filter({ hasText: member.email }).count()).toBe(0);

		// The member is mailed and now sees the form.
		const mail = await (await admin.request.get(`/admin/correo?to=${encodeURIComponent(member.email)}`)).text();
		expect(mail).toContain('Su solicitud de rol fue aprobada');
		await visit(phone, '/cuenta/roles');
		expect(await phone.getByRole('listitem').filter({ hasText: 'Aprobada' }).count()).toBe(1);
		await visit(phone, '/experiencias/nueva');
		expect(await phone.getByRole('heading', { name: 'Necesita otro rol' }).count()).toBe(0);
		expect(await phone.getByLabel('Título').count()).toBe(1);
		// The approved municipality (MX-14039, Guadalajara) comes chosen in the form's municipality picker.
		expect(await phone.getByRole('list', { name: 'Municipios elegidos' }).textContent()).toContain('Guadalajara');
		await fitsPhone(phone);
	});
});
