import { ValidateIf } from 'class-validator';

/**
 * A field that may be left out. Unlike class-validator's IsOptional, an explicit null is still
 * validated, so `{"displayName": null}` is a 400 naming the field rather than a null reaching
 * the handler; a field that takes null says so with Nullable().
 */
export const Optional = () => ValidateIf((_object, value) => value !== undefined);

const NULLABLE = Symbol('ledger:nullable');

/**
 * A field whose null means something (erase the phone, take the account out of its unit): null
 * skips the other checks, and the API's document says `nullable`, so the console's generated
 * types carry `| null` (a bare ValidateIf leaves no trace the document could read).
 */
export function Nullable(): PropertyDecorator {
  const validateIf = ValidateIf((_object, value) => value !== null);
  return (target, property) => {
    validateIf(target, property);
    Reflect.defineMetadata(NULLABLE, true, target, property);
  };
}

export function isNullable(dto: Function, property: string): boolean {
  return Reflect.getMetadata(NULLABLE, dto.prototype, property) === true;
}
