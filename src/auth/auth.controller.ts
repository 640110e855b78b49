import { Body, Controller, Get, HttpCode, Post, Put } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { ApiError, ApiErrors } from '../common/decorators/api-errors.decorator.js';
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
import { ServedBy } from '../common/services/served-by.js';

@ApiTags('auth')
@ServedBy('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly users: UsersService,
  ) {}

  @Post('register')
  @PublicIgnoringToken()
  @ApiOperation({ summary: 'Create an account and log in' })
  @ApiCreatedResponse({ type: SessionDto, description: 'Registered and logged in' })
  @ApiErrors(400, 409)
  register(@Body() dto: RegisterDto) {
    return this.auth.register(dto);
  }

  @Post('login')
  @HttpCode(200)
  @PublicIgnoringToken()
  @ApiOperation({ summary: 'Log in with username and password' })
  @ApiOkResponse({ type: SessionDto, description: 'Logged in' })
  @ApiErrors(400)
  @ApiError(401, 'Wrong username or password (one answer for both)')
  login(@Body() dto: LoginDto) {
    return this.auth.login(dto);
  }

  @Post('refresh')
  @HttpCode(200)
  @PublicIgnoringToken()
  @ApiOperation({ summary: 'Exchange a refresh token for a new pair (the old one stops working)' })
  @ApiOkResponse({ type: SessionDto, description: 'A new token pair' })
  @ApiErrors(400)
  @ApiError(
    401,
    'The refresh token is unknown, expired or revoked; one used twice also revokes every token of its login',
  )
  refresh(@Body() dto: RefreshTokenDto) {
    return this.auth.refresh(dto.refreshToken);
  }

  @Post('logout')
  @HttpCode(204)
  @PublicIgnoringToken()
  @ApiOperation({ summary: 'Revoke a refresh token' })
  @ApiNoContentResponse({
    description: 'The refresh token no longer works (also when it never did)',
  })
  @ApiErrors(400)
  async logout(@Body() dto: RefreshTokenDto): Promise<void> {
    await this.auth.logout(dto.refreshToken);
  }

  @Get('me')
  @Authenticated()
  @Personalise('user')
  @ApiOperation({ summary: 'Your own profile' })
  @ApiOkResponse({ type: UserResponseDto, description: 'Your profile' })
  me(@CurrentUser() caller: AuthUser) {
    return this.users.getById(caller.id);
  }

  @Put('password')
  @HttpCode(204)
  @Authenticated()
  @ApiOperation({ summary: 'Change your password; every refresh token stops working' })
  @ApiNoContentResponse({ description: 'Changed; log in again on your other devices' })
  @ApiErrors(400)
  @ApiError(401, 'No valid access token, or `currentPassword` is wrong')
  async changePassword(
    @CurrentUser() caller: AuthUser,
    @Body() dto: ChangePasswordDto,
  ): Promise<void> {
    await this.auth.changePassword(caller.id, dto);
  }
}
