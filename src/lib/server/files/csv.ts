// Every CSV the platform writes goes through here, so that no text cell can run as a formula when the file is opened
// in a spreadsheet (OWASP "CSV injection", issue 13 finding 2): a text cell that begins with =, +, -, @, a tab or a
// carriage return gets a leading apostrophe, which spreadsheets show as text and do not evaluate. Numbers, and text
// that is exactly a number (a negative value "-12.5"), are left as they are; JSON exports are never touched.
import { stringify, type Options } from 'csv-stringify/sync';

const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** A text cell as it can be written safely: with a leading apostrophe when a spreadsheet would read it as a formula. */
export function neutraliseCsvCell(value: string): string {
	return FORMULA_START.test(value) && !PLAIN_NUMBER.test(value) ? `'${value}` : value;
}

/** CSV records (csv-stringify's options), every text cell neutralised; booleans are written true/false. */
export function writeCsv(records: unknown[][], options: Options = {}): string {
	return stringify(records, { ...options, cast: { boolean: (value) => String(value), ...options.cast, string: (value) => neutraliseCsvCell(value) } });
}
