/**
 * Wall time per stage of a long operation, for one log line an operator (and `npm run bench --
 * scale`) can read: `load=812ms library=2310ms store=4020ms`.
 */
export class Stages {
  private last = performance.now();
  private readonly parts: [string, number][] = [];

  /** Ends the stage that began at the previous lap (or at construction). */
  lap(name: string): void {
    const now = performance.now();
    this.parts.push([name, now - this.last]);
    this.last = now;
  }

  /** Records a part measured by the caller inside a stage (it does not end the stage). */
  add(name: string, ms: number): void {
    this.parts.push([name, ms]);
  }

  toString(): string {
    return this.parts.map(([name, ms]) => `${name}=${Math.round(ms)}ms`).join(' ');
  }
}
