/** @samsa/console: the web console's server (the pages are built into dist/web). */

export type { LoginMechanism, LoginOptions } from './auth/login-sessions.js';
export { type ConsoleOptions, type ConsoleServer, consoleRoutes, startConsole } from './console-server.js';
export { CSRF_HEADER } from './write-guards.js';
