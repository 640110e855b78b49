import { FastifyAdapter } from '@nestjs/platform-fastify';
import { parseJsonBody } from './json-body.js';

/** The media type of every request body (with any parameter, e.g. `; charset=utf-8`). */
export const JSON_MEDIA_TYPE = 'application/json';

/**
 * The Fastify adapter, reading request bodies as JSON only.
 *
 * Fastify parses `text/plain` bodies and Nest adds `application/x-www-form-urlencoded`:
 * both are what a plain cross-site HTML form sends without a CORS preflight, so
 * a page anywhere could register accounts from its visitors' browsers. With no
 * parser for them, Fastify answers 415 (in the contract's shape, through the
 * exception filter). `application/*+json` types are refused too: the OpenAPI
 * document declares `application/json` alone, and none of them means anything
 * more here. A request with no body (DELETE, PUT /follow) needs no content type.
 */
export class JsonOnlyFastifyAdapter extends FastifyAdapter {
  override registerParserMiddleware(prefix?: string, rawBody?: boolean): void {
    const fastify = this.getInstance();
    fastify.removeAllContentTypeParsers();
    // Registered through Nest first, so that Nest keeps it instead of its default JSON parser.
    this.useBodyParser(
      JSON_MEDIA_TYPE,
      rawBody ?? false,
      { bodyLimit: fastify.initialConfig.bodyLimit },
      // A parser that throws is answered through `done` by Nest, with the thrown 400.
      (_request, body, done) => done(null, parseJsonBody(body.toString('utf8'))),
    );
    // Nest's own registration also records the global prefix; its form parser goes again.
    super.registerParserMiddleware(prefix, rawBody);
    fastify.removeContentTypeParser('application/x-www-form-urlencoded');
  }
}
