import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { UserFollow } from '../follows/user-follow.entity.js';
import { PostLike } from '../posts/post-like.entity.js';
import { PersonaliseInterceptor } from './personalise.interceptor.js';
import { ViewerStateService } from './viewer-state.service.js';

/** The caller-specific fields of responses, applied after any cache. */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([UserFollow, PostLike])],
  providers: [ViewerStateService, PersonaliseInterceptor],
  exports: [ViewerStateService, PersonaliseInterceptor],
})
export class PersonalisationModule {}
