export { evaluateGate, fmt } from './evaluate.ts';
export { verdictExitCode } from './exit-code.ts';
export type * from './types.ts';
