export * from './types';
export { CALL_2023, CONDITION_LABELS, type CallDirection } from './call-2023';
export { screenApplications, resolveProgram } from './screen';
export { validateInput as validateScreeningInput, parseInstant } from './validate';
