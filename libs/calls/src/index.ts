/** Funding calls as data: validation of a call definition (docs/contract/call.md). */
export * from './types';
export { validateCall } from './validate';
