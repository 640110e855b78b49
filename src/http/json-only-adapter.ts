import { UnsupportedMediaTypeException } from '@nestjs/common';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { parseJsonBody } from './json-body.js';

/** The media type of every request body (with any parameter, e.g. `; charset=utf-8`). */
export const JSON_MEDIA_TYPE = 'application/json';

/**
 * The Fastify adapter, reading request bodies as JSON only.
 *
 * Fastify parses `text/plain` bodies and Nest adds `application/x-www-form-urlencoded`:
 * both are what a plain cross-site HTML form sends without a CORS preflight, so
 * a page anywhere could register accounts from its visitors' browsers. Any
 * other type, or none, is a 415 in the contract's shape. `application/*+json`
 * types are refused too: the OpenAPI document declares `application/json`
 * alone, and none of them means anything more here. A request without a body
 * (DELETE, PUT /follow) needs no content type, and an empty body is no body,
 * whatever its declared type.
 */
export class JsonOnlyFastifyAdapter extends FastifyAdapter {
  override registerParserMiddleware(prefix?: string, rawBody?: boolean): void {
    const fastify = this.getInstance();
    const options = { bodyLimit: fastify.initialConfig.bodyLimit };
    fastify.removeAllContentTypeParsers();
    // A parser that throws is answered by Nest through `done`, with the thrown 4xx.
    this.useBodyParser(JSON_MEDIA_TYPE, rawBody ?? false, options, (_request, body, done) =>
      done(null, parseJsonBody(body.toString('utf8'))),
    );
    this.useBodyParser('*', false, options, (_request, body, done) => {
      if (body.length > 0) throw new UnsupportedMediaTypeException(UNSUPPORTED);
      done(null, undefined);
    });
    // With a catch-all parser registered, Nest adds none of its own defaults here,
    // and still records the global prefix.
    super.registerParserMiddleware(prefix, rawBody);
  }
}

const UNSUPPORTED = `Request bodies must be ${JSON_MEDIA_TYPE}`;
