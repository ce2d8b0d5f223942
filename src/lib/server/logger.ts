import pino from 'pino';

/** The process logger; `LOG_LEVEL` sets its level (read directly so logging works before config validation). */
export const logger = pino({
	level: process.env.LOG_LEVEL || 'info',
	base: { app: 'cabildo' },
	redact: ['req.headers.cookie', 'req.headers.authorization', '*.password', '*.token']
});
