import { applyDecorators, Injectable } from '@nestjs/common';
import { EventEmitter2, OnEvent } from '@nestjs/event-emitter';

/**
 * A fact a feature announces once its transaction has committed (a post was
 * liked, an account deleted). Each event class names itself with a static
 * `key`, which is what listeners subscribe to.
 */
export interface DomainEventClass {
  readonly key: string;
}

/** Announces domain events through @nestjs/event-emitter. */
@Injectable()
export class DomainEvents {
  constructor(private readonly emitter: EventEmitter2) {}

  /**
   * Resolves once every listener has finished, so that a write answers only
   * after what it must cause (its cache invalidation) has happened. A listener
   * that throws is logged by the emitter and does not fail the write, which
   * has already committed.
   */
  async publish(event: object): Promise<void> {
    const { key } = event.constructor as Partial<DomainEventClass>;
    if (!key) throw new Error(`${event.constructor.name} is not a domain event (no static key)`);
    await this.emitter.emitAsync(key, event);
  }
}

/** Subscribes a provider's method to one or more domain events. */
export const OnDomainEvent = (...events: DomainEventClass[]) =>
  applyDecorators(...events.map((event) => OnEvent(event.key)));
