import { ValidateIf } from 'class-validator';

/**
 * A field that may be left out. Unlike class-validator's IsOptional, an explicit null is still
 * validated, so `{"displayName": null}` is a 400 naming the field rather than a null reaching
 * the handler; a field that takes null says so with its own ValidateIf.
 */
export const Optional = () => ValidateIf((_object, value) => value !== undefined);
