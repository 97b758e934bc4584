/** Funding calls as data: validation of a call definition (docs/contract/call.md). */
export * from './types';
export { inChinese, validateCall } from './validate';
