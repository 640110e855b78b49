import { Body, Controller, Get, Param, Patch, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Cached } from '../cache/cache.decorators.js';
import { Ns, param } from '../cache/cache-namespaces.js';
import { ApiErrors } from '../common/decorators/api-errors.decorator.js';
import { Authenticated, PublicRead } from '../common/decorators/auth.decorator.js';
import { type AuthUser, CurrentUser } from '../common/decorators/current-user.decorator.js';
import { ApiPage } from '../common/pagination/api-page.decorator.js';
import { PageQueryDto } from '../common/pagination/page-query.dto.js';
import { ParseIdPipe } from '../common/pipes/parse-id.pipe.js';
import { Personalise } from '../personalisation/personalise.interceptor.js';
import { UpdateUserDto } from './dto/update-user.dto.js';
import { UserResponseDto } from './dto/user-response.dto.js';
import { UsersService } from './users.service.js';
import { ServedBy } from '../common/services/served-by.js';

@ApiTags('users')
@ServedBy('users')
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @PublicRead()
  @Cached({ dependsOn: [Ns.userLists] })
  @Personalise('user')
  @ApiOperation({ summary: 'List users, newest first' })
  @ApiPage(UserResponseDto)
  @ApiErrors(400)
  list(@Query() query: PageQueryDto) {
    return this.users.list(query);
  }

  @Get('by/username/:username')
  @PublicRead()
  @Cached({ dependsOn: [Ns.userLists] })
  @Personalise('user')
  @ApiOperation({ summary: 'Get a user by username (any case)' })
  @ApiOkResponse({ type: UserResponseDto, description: 'The user' })
  @ApiErrors(404)
  getByUsername(@Param('username') username: string) {
    return this.users.getByUsername(username);
  }

  @Get(':id')
  @PublicRead()
  @Cached({ dependsOn: [Ns.user(param('id'))] })
  @Personalise('user')
  @ApiOperation({ summary: 'Get a user' })
  @ApiOkResponse({ type: UserResponseDto, description: 'The user' })
  @ApiErrors(400, 404)
  get(@Param('id', ParseIdPipe) id: number) {
    return this.users.getById(id);
  }

  @Patch('me')
  @Authenticated()
  @Personalise('user')
  @ApiOperation({ summary: 'Update your profile' })
  @ApiOkResponse({ type: UserResponseDto, description: 'Your updated profile' })
  @ApiErrors(400, 409)
  update(@CurrentUser() caller: AuthUser, @Body() dto: UpdateUserDto) {
    return this.users.update(caller.id, dto);
  }
}
