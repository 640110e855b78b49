import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { APP_GUARD } from '@nestjs/core';
import { servicesConfig } from '../../config/services.config.js';
import { ServedByGuard } from './served-by.js';

/**
 * Serves only the routes of the services SERVICES names. Imported before
 * AuthModule: Nest runs global guards in the order their modules register
 * them, and a route this process does not serve must be a 404, never a 401.
 */
@Module({
  imports: [ConfigModule.forFeature(servicesConfig)],
  providers: [{ provide: APP_GUARD, useClass: ServedByGuard }],
})
export class ServicesModule {}
