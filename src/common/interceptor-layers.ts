import { Injectable, type OnModuleInit, type Type } from '@nestjs/common';
import { INTERCEPTORS_METADATA } from '@nestjs/common/constants.js';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';

/**
 * The response interceptors that must nest in one order, innermost first: the
 * cache stores the shared view only (never a caller's `liked` or `following`),
 * post ids are turned into posts outside it, and the caller's own fields are
 * added last. Each such interceptor class names its layer in a static `layer`.
 */
export enum InterceptorLayer {
  Cache = 0,
  Hydrate = 1,
  Personalise = 2,
}

const layerOf = (interceptor: unknown): InterceptorLayer | undefined =>
  (interceptor as { layer?: InterceptorLayer } | undefined)?.layer;

/**
 * The handlers whose layered interceptors nest in the wrong order. Nest runs a
 * method's interceptors in the order of its metadata array, the first
 * outermost; decorators apply bottom-up, so the innermost is listed on top.
 */
export function misorderedHandlers(controllers: Type[]): string[] {
  const scanner = new MetadataScanner();
  return controllers.flatMap((controller) =>
    scanner.getAllMethodNames(controller.prototype).flatMap((name) => {
      const handler = (controller.prototype as Record<string, unknown>)[name] as object;
      const interceptors: unknown[] = Reflect.getMetadata(INTERCEPTORS_METADATA, handler) ?? [];
      const layers = interceptors.map(layerOf).filter((layer) => layer !== undefined);
      const outerFirst = layers.every((layer, i) => i === 0 || layers[i - 1] >= layer);
      return outerFirst ? [] : [`${controller.name}.${name}`];
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
    const wrong = misorderedHandlers(controllers);
    if (wrong.length > 0) {
      throw new Error(
        `list @Cached above @HydratePosts above @Personalise (innermost first) on ${wrong.join(', ')}`,
      );
    }
  }
}
