import { Injectable, type OnModuleInit, type Type } from '@nestjs/common';
import { INTERCEPTORS_METADATA } from '@nestjs/common/constants.js';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import { PersonaliseInterceptor } from '../personalisation/personalise.interceptor.js';
import { CACHED_READ } from './cache.metadata.js';
import { CachedReadInterceptor } from './cached-read.interceptor.js';

/**
 * The handlers whose cache would run outside their personalisation, and so
 * store one caller's `following`/`liked` for everyone. Nest runs a method's
 * interceptors in the order of its metadata array, the first outermost.
 */
export function cacheOutsidePersonalisation(controllers: Type[]): string[] {
  const scanner = new MetadataScanner();
  return controllers.flatMap((controller) =>
    scanner.getAllMethodNames(controller.prototype).flatMap((name) => {
      const handler = (controller.prototype as Record<string, unknown>)[name] as object;
      if (!Reflect.getMetadata(CACHED_READ, handler)) return [];
      const interceptors: unknown[] = Reflect.getMetadata(INTERCEPTORS_METADATA, handler) ?? [];
      const cacheAt = interceptors.indexOf(CachedReadInterceptor);
      const personaliseAt = interceptors.indexOf(PersonaliseInterceptor);
      return personaliseAt > cacheAt ? [`${controller.name}.${name}`] : [];
    }),
  );
}

/** Refuses to start an app in which a cached read could leak a personal field. */
@Injectable()
export class InterceptorOrderCheck implements OnModuleInit {
  constructor(private readonly discovery: DiscoveryService) {}

  onModuleInit(): void {
    const controllers = this.discovery
      .getControllers()
      .map((wrapper) => wrapper.metatype as Type | null)
      .filter((metatype): metatype is Type => !!metatype);
    const wrong = cacheOutsidePersonalisation(controllers);
    if (wrong.length > 0) {
      throw new Error(
        `@Cached must be listed above @Personalise (so the cache runs inside it) on ${wrong.join(', ')}`,
      );
    }
  }
}
