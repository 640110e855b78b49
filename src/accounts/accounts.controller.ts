import { Controller, Delete, HttpCode } from '@nestjs/common';
import { ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated } from '../common/decorators/auth.decorator.js';
import { type AuthUser, CurrentUser } from '../common/decorators/current-user.decorator.js';
import { AccountsService } from './accounts.service.js';
import { ServedBy } from '../common/services/served-by.js';

@ApiTags('users')
@ServedBy('users')
@Controller('users')
export class AccountsController {
  constructor(private readonly accounts: AccountsService) {}

  @Delete('me')
  @HttpCode(204)
  @Authenticated()
  // The operation id it had when the users controller served it: clients generated from the
  // document keep their method name.
  @ApiOperation({
    operationId: 'usersRemove',
    summary: 'Delete your account with its posts, likes and follows',
  })
  @ApiNoContentResponse({ description: 'Deleted; your tokens no longer work' })
  async remove(@CurrentUser() caller: AuthUser): Promise<void> {
    await this.accounts.delete(caller.id);
  }
}
