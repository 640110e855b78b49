import { AuthSession } from '../auth/auth-session.entity.js';
import { AuthCredentials } from '../auth/auth.entity.js';
import { UserFollow } from '../follows/user-follow.entity.js';
import { PostLike } from '../posts/post-like.entity.js';
import { Post } from '../posts/post.entity.js';
import { User } from '../users/user.entity.js';

/** Every entity, listed once for the app and the TypeORM CLI alike. */
export const entities = [User, AuthCredentials, AuthSession, UserFollow, Post, PostLike];
