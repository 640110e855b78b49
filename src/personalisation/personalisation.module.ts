import { Global, Module } from '@nestjs/common';
import { PersonaliseInterceptor } from './personalise.interceptor.js';
import { ViewerStateRegistry } from './viewer-state.registry.js';

/**
 * The caller-specific fields of responses, applied after any cache. The
 * features that own the relations register how to answer them.
 */
@Global()
@Module({
  providers: [ViewerStateRegistry, PersonaliseInterceptor],
  exports: [ViewerStateRegistry, PersonaliseInterceptor],
})
export class PersonalisationModule {}
