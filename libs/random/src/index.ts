/** Seedable randomness shared by the libs (bootstrap in scoring, dependent rounding in assignment). */
export { mulberry32 } from './mulberry32';
