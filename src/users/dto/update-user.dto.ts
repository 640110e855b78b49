import { PartialType, PickType } from '@nestjs/swagger';
import { UserFieldsDto } from './user-fields.dto.js';

// Fields may be left out, but not set to null: every profile field is required in storage.
export class UpdateUserDto extends PartialType(
  PickType(UserFieldsDto, ['name', 'username', 'bio'] as const),
  { skipNullProperties: false },
) {}
