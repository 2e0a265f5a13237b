import type { PipeTransform } from '@nestjs/common';
import { Problem } from './problem';

const ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/;

/** A document id in a path (`urge-<taskId>-<period>` names, uuids): letters, digits, `.`, `_` and `-`; otherwise 400 naming `id`. */
export class DocumentIdPipe implements PipeTransform<string, string> {
  readonly openApiSchema = { type: 'string', pattern: ID.source, maxLength: 200 };

  constructor(private readonly message: string) {}

  transform(value: string): string {
    if (!ID.test(value))
      throw new Problem(400, 'Bad Request / 请求有误', this.message, [{ field: 'id', message: 'not a valid id / 编号无效' }]);
    return value;
  }
}
