import { type ArgumentsHost, Logger, NotFoundException } from '@nestjs/common';
import type { AbstractHttpAdapter } from '@nestjs/core';
import { AllExceptionsFilter } from './all-exceptions.filter.js';

describe('AllExceptionsFilter', () => {
  beforeAll(() => Logger.overrideLogger(false));

  /** The status and body the filter replies with for an exception. */
  function replyFor(exception: unknown): { status: number; body: unknown } {
    let sent: { status: number; body: unknown } | undefined;
    const adapter = {
      isHeadersSent: () => false,
      reply: (_response: unknown, body: unknown, status: number) => {
        sent = { status, body };
      },
    } as unknown as AbstractHttpAdapter;
    const host = { getArgByIndex: () => ({}) } as unknown as ArgumentsHost;
    new AllExceptionsFilter(adapter).catch(exception, host);
    return sent!;
  }

  it('answers a bug with a bare 500 in the error shape, without its message', () => {
    expect(replyFor(new Error('secret driver detail'))).toEqual({
      status: 500,
      body: { statusCode: 500, error: 'Internal Server Error', message: 'Internal Server Error' },
    });
  });

  it('passes HTTP exceptions through', () => {
    expect(replyFor(new NotFoundException('Post not found'))).toEqual({
      status: 404,
      body: { statusCode: 404, error: 'Not Found', message: 'Post not found' },
    });
  });

  it('answers a lost database with 503', () => {
    expect(replyFor(Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }))).toEqual({
      status: 503,
      body: { statusCode: 503, error: 'Service Unavailable', message: expect.any(String) },
    });
  });
});
