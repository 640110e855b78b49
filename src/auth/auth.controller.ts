import { Body, Controller, Get, HttpCode, Post, Put } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Invalidates } from '../cache/cache.decorators.js';
import { Ns } from '../cache/cache-namespaces.js';
import { ApiErrors } from '../common/decorators/api-errors.decorator.js';
import { Authenticated, PublicIgnoringToken } from '../common/decorators/auth.decorator.js';
import { type AuthUser, CurrentUser } from '../common/decorators/current-user.decorator.js';
import { Personalise } from '../personalisation/personalise.interceptor.js';
import { UserResponseDto } from '../users/dto/user-response.dto.js';
import { UsersService } from '../users/users.service.js';
import { AuthService } from './auth.service.js';
import { ChangePasswordDto } from './dto/change-password.dto.js';
import { LoginDto } from './dto/login.dto.js';
import { RefreshTokenDto } from './dto/refresh-token.dto.js';
import { RegisterDto } from './dto/register.dto.js';
import { SessionDto } from './dto/session.dto.js';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly users: UsersService,
  ) {}

  @Post('register')
  @PublicIgnoringToken()
  @Invalidates(Ns.userLists)
  @ApiOperation({ summary: 'Create an account and log in' })
  @ApiCreatedResponse({ type: SessionDto })
  @ApiErrors(400, 409, 429)
  register(@Body() dto: RegisterDto) {
    return this.auth.register(dto);
  }

  @Post('login')
  @HttpCode(200)
  @PublicIgnoringToken()
  @ApiOperation({ summary: 'Log in with username and password' })
  @ApiOkResponse({ type: SessionDto })
  @ApiErrors(400, 401, 429)
  login(@Body() dto: LoginDto) {
    return this.auth.login(dto);
  }

  @Post('refresh')
  @HttpCode(200)
  @PublicIgnoringToken()
  @ApiOperation({ summary: 'Exchange a refresh token for a new pair (the old one stops working)' })
  @ApiOkResponse({ type: SessionDto })
  @ApiErrors(400, 401)
  refresh(@Body() dto: RefreshTokenDto) {
    return this.auth.refresh(dto.refreshToken);
  }

  @Post('logout')
  @HttpCode(204)
  @PublicIgnoringToken()
  @ApiOperation({ summary: 'Revoke a refresh token' })
  @ApiNoContentResponse()
  @ApiErrors(400)
  async logout(@Body() dto: RefreshTokenDto): Promise<void> {
    await this.auth.logout(dto.refreshToken);
  }

  @Get('me')
  @Authenticated()
  @Personalise('user')
  @ApiOperation({ summary: 'Your own profile' })
  @ApiOkResponse({ type: UserResponseDto })
  me(@CurrentUser() caller: AuthUser) {
    return this.users.getById(caller.id);
  }

  @Put('password')
  @HttpCode(204)
  @Authenticated()
  @ApiOperation({ summary: 'Change your password; every refresh token stops working' })
  @ApiNoContentResponse()
  @ApiErrors(400)
  async changePassword(
    @CurrentUser() caller: AuthUser,
    @Body() dto: ChangePasswordDto,
  ): Promise<void> {
    await this.auth.changePassword(caller.id, dto);
  }
}
