export { expectSuccess, kcat, python, type RunResult, run } from './processes.js';
