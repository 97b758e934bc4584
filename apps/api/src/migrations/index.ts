import { Foundation1764380000000 } from './1764380000000-Foundation';

/** Every migration, oldest first. A new migration is added here in the same commit. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const MIGRATIONS: Function[] = [Foundation1764380000000];
