/** The call's funding rules (awards, budgets, rank order, mid-term grades, phase 2) as pure functions. */
export * from './rules';
export * from './budget';
