import { ValidationPipe, type ArgumentMetadata, type ValidationError } from '@nestjs/common';
import { hostileInputErrors } from './hostile-input';
import { Problem, type FieldError } from './problem';

/** 400 naming every field that is wrong. */
export const badRequest = (fieldErrors: FieldError[]) =>
  new Problem(400, 'Bad Request / 请求有误', fieldErrors.map((e) => `${e.field}: ${e.message}`).join('; '), fieldErrors);

/**
 * DTOs admit only their declared fields; every violation is reported with its field path.
 * Before the DTO, input that no endpoint accepts (see hostileInputErrors) is refused.
 */
class LedgerValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' || metadata.type === 'query' || metadata.type === 'param') {
      const errors = hostileInputErrors(value, metadata.type === 'param' ? (metadata.data ?? '') : '');
      if (errors.length > 0) throw badRequest(errors);
    }
    return super.transform(value, metadata);
  }
}

export function createValidationPipe(): ValidationPipe {
  return new LedgerValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => badRequest(flatten(errors)),
  });
}

function flatten(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? (/^\d+$/.test(error.property) ? `${parent}[${error.property}]` : `${parent}.${error.property}`) : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message: bilingual(message) }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/** class-validator speaks English; the common messages get their Chinese beside them. */
function bilingual(message: string): string {
  if (message.includes(' / ')) return message;
  const rules: Array<[RegExp, string]> = [
    [/should not exist$/, '不允许的字段'],
    [/must be a string$/, '须为字符串'],
    [/must be a number/, '须为有限数值'],
    [/must be an integer/, '须为整数'],
    [/must be a boolean/, '须为布尔值'],
    [/must be an array$/, '须为数组'],
    [/must be longer than or equal to (\d+) characters$/, '长度不足'],
    [/must be shorter than or equal to (\d+) characters$/, '长度超出上限'],
    [/must contain (no more|not more) than (\d+) elements$/, '条目过多'],
    [/must be one of the following values/, '取值无效'],
    [/must be a UUID$/, '须为 UUID'],
    [/should not be empty$/, '不能为空'],
    [/must be a valid enum value$/, '取值无效'],
    [/nested property .* must be either object or array$/, '须为对象或数组'],
    [/must not be less than/, '数值过小'],
    [/must not be greater than/, '数值过大'],
    [/must match .* regular expression$/, '格式有误'],
  ];
  const chinese = rules.find(([pattern]) => pattern.test(message))?.[1];
  return chinese ? `${message} / ${chinese}` : message;
}
