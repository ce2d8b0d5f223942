import { indicatorFormPage } from '../../indicator-form-page';
import type { Actions, PageServerLoad } from './$types';

const page = indicatorFormPage(true);
export const load: PageServerLoad = (event) => page.load(event);
export const actions: Actions = { default: (event) => page.save(event) };
