import {
  type CanActivate,
  type ExecutionContext,
  Inject,
  Injectable,
  NotFoundException,
  SetMetadata,
} from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { type ServiceName, servicesConfig } from '../../config/services.config.js';

const SERVED_BY = 'services:servedBy';

/**
 * The service whose processes serve this controller's routes (API.md,
 * "Services"). A controller without it (health) is served by every process.
 */
export const ServedBy = (service: Exclude<ServiceName, 'worker'>) =>
  SetMetadata(SERVED_BY, service);

/**
 * Answers 404 for a route this process does not serve, exactly as for a route
 * that does not exist. Every controller stays registered, so the OpenAPI
 * document (built from them) describes the whole API in every process; the
 * check is a guard so it runs before authentication, validation and the cache:
 * a process that does not serve a route says nothing else about it.
 */
@Injectable()
export class ServedByGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(servicesConfig.KEY) private readonly config: ConfigType<typeof servicesConfig>,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const service = this.reflector.get<ServiceName | undefined>(SERVED_BY, context.getClass());
    if (service === undefined || this.config.serves(service)) return true;
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    // The words Nest's own not-found handler uses for a route it has never heard of.
    throw new NotFoundException(`Cannot ${request.method} ${request.url}`);
  }
}
