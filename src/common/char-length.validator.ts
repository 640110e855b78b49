import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { buildMessage, ValidateBy } from 'class-validator';

/**
 * A string of min..max characters, counted as Unicode code points: what a
 * MySQL VARCHAR(n) counts. class-validator's @Length leaves variation selectors
 * uncounted ('❤️' is one character to it, two to the column), so it accepted
 * text that the database then refused, and the client got a 500.
 */
export const CharLength = (min: number, max: number) =>
  applyDecorators(
    ApiProperty({ minLength: min, maxLength: max }),
    ValidateBy({
      name: 'charLength',
      constraints: [min, max],
      validator: {
        validate: (value: unknown) => {
          if (typeof value !== 'string') return false;
          const length = [...value].length;
          return length >= min && length <= max;
        },
        defaultMessage: buildMessage(
          (each) => `${each}$property must be $constraint1 to $constraint2 characters long`,
        ),
      },
    }),
  );
