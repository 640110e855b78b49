import { IntersectionType, PickType } from '@nestjs/swagger';
import { UserFieldsDto } from '../../users/dto/user-fields.dto.js';
import { PasswordDto } from './password.dto.js';

export class RegisterDto extends IntersectionType(
  PickType(UserFieldsDto, ['username', 'name'] as const),
  PasswordDto,
) {}
