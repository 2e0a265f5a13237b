import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { Problem, type FieldError } from './problem';

/** DTOs admit only their declared fields; every violation is reported with its field path. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => {
      const fieldErrors = flatten(errors);
      return new Problem(400, 'Bad Request / 请求有误', fieldErrors.map((e) => `${e.field}: ${e.message}`).join('; '), fieldErrors);
    },
  });
}

function flatten(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? (/^\d+$/.test(error.property) ? `${parent}[${error.property}]` : `${parent}.${error.property}`) : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}
