import { PartialType, PickType } from '@nestjs/swagger';
import { UserFieldsDto } from './user-fields.dto.js';

export class UpdateUserDto extends PartialType(
  PickType(UserFieldsDto, ['name', 'username', 'bio'] as const),
) {}
