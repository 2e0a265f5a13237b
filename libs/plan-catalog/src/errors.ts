/** A seed file that cannot be loaded: names the file and, where they apply, the task and field. */
export class CatalogError extends Error {
  override readonly name = 'CatalogError';
  readonly file: string;
  readonly taskCode?: string;
  readonly field?: string;
  readonly indicatorId?: string;
  /** The problem alone, without the location prefix of `message`. */
  readonly detail: string;

  constructor(where: { file: string; taskCode?: string; field?: string; indicatorId?: string }, detail: string) {
    const parts = [where.file];
    if (where.taskCode !== undefined) parts.push(`task ${where.taskCode}`);
    if (where.indicatorId !== undefined) parts.push(`indicator ${where.indicatorId}`);
    if (where.field !== undefined) parts.push(`field ${where.field}`);
    super(`${parts.join(', ')}: ${detail}`);
    this.file = where.file;
    if (where.taskCode !== undefined) this.taskCode = where.taskCode;
    if (where.field !== undefined) this.field = where.field;
    if (where.indicatorId !== undefined) this.indicatorId = where.indicatorId;
    this.detail = detail;
  }
}
