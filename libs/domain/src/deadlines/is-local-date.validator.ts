import { ValidateBy, ValidationOptions, buildMessage } from 'class-validator';
import { isLocalDate } from './local-date';

/** A real calendar date written YYYY-MM-DD (2025-02-30 is refused). */
export function IsLocalDate(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isLocalDate',
      validator: {
        validate: (value) => isLocalDate(value),
        defaultMessage: buildMessage((each) => `${each}$property must be a calendar date written YYYY-MM-DD`, options),
      },
    },
    options,
  );
}
