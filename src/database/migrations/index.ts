import { InitialSchema1795810109804 } from './1795810109804-InitialSchema.js';
import { CredentialsVersion1796156498658 } from './1796156498658-CredentialsVersion.js';

/** Every migration, in order; the app runs pending ones at start-up on MySQL. */
export const migrations = [InitialSchema1795810109804, CredentialsVersion1796156498658];
