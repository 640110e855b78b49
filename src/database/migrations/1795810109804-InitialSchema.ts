// The schema of the first release. Tables state their character set so that text
// (emoji included) is stored as utf8mb4 whatever the server default is.
import { type MigrationInterface, type QueryRunner } from 'typeorm';

export class InitialSchema1795810109804 implements MigrationInterface {
  name = 'InitialSchema1795810109804';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE \`user\` (\`id\` int UNSIGNED NOT NULL AUTO_INCREMENT, \`username\` varchar(30) NOT NULL, \`username_lower\` varchar(30) NOT NULL, \`name\` varchar(50) NOT NULL, \`bio\` varchar(160) NOT NULL DEFAULT '', \`created_at\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), \`followers_count\` int UNSIGNED NOT NULL DEFAULT '0', \`following_count\` int UNSIGNED NOT NULL DEFAULT '0', \`posts_count\` int UNSIGNED NOT NULL DEFAULT '0', UNIQUE INDEX \`uq_user_username_lower\` (\`username_lower\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`,
    );
    await queryRunner.query(
      `CREATE TABLE \`auth_session\` (\`id\` int UNSIGNED NOT NULL AUTO_INCREMENT, \`user_id\` int UNSIGNED NOT NULL, \`family\` varchar(32) NOT NULL, \`token_hash\` varchar(64) NOT NULL, \`created_at\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), \`expires_at\` datetime NOT NULL, \`revoked_at\` datetime NULL, UNIQUE INDEX \`uq_auth_session_token_hash\` (\`token_hash\`), INDEX \`idx_auth_session_user\` (\`user_id\`), INDEX \`idx_auth_session_family\` (\`family\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`,
    );
    await queryRunner.query(
      `CREATE TABLE \`auth\` (\`user_id\` int UNSIGNED NOT NULL, \`password_hash\` varchar(255) NOT NULL, \`updated_at\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), PRIMARY KEY (\`user_id\`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`,
    );
    await queryRunner.query(
      `CREATE TABLE \`user_follow\` (\`id\` int UNSIGNED NOT NULL AUTO_INCREMENT, \`user_from\` int UNSIGNED NOT NULL, \`user_to\` int UNSIGNED NOT NULL, \`created_at\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), INDEX \`idx_user_follow_from_id\` (\`user_from\`, \`id\`), INDEX \`idx_user_follow_to_id\` (\`user_to\`, \`id\`), UNIQUE INDEX \`uq_user_follow_pair\` (\`user_from\`, \`user_to\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`,
    );
    await queryRunner.query(
      `CREATE TABLE \`post\` (\`id\` int UNSIGNED NOT NULL AUTO_INCREMENT, \`user\` int UNSIGNED NOT NULL, \`text\` varchar(280) NOT NULL, \`created_at\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), \`updated_at\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), \`likes_count\` int UNSIGNED NOT NULL DEFAULT '0', INDEX \`idx_post_user_id\` (\`user\`, \`id\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`,
    );
    await queryRunner.query(
      `CREATE TABLE \`post_like\` (\`id\` int UNSIGNED NOT NULL AUTO_INCREMENT, \`post\` int UNSIGNED NOT NULL, \`user\` int UNSIGNED NOT NULL, \`created_at\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), INDEX \`idx_post_like_user_id\` (\`user\`, \`id\`), INDEX \`idx_post_like_post_id\` (\`post\`, \`id\`), UNIQUE INDEX \`uq_post_like_pair\` (\`post\`, \`user\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`,
    );
    await queryRunner.query(
      `ALTER TABLE \`auth_session\` ADD CONSTRAINT \`fk_auth_session_user\` FOREIGN KEY (\`user_id\`) REFERENCES \`user\`(\`id\`) ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE \`auth\` ADD CONSTRAINT \`fk_auth_user\` FOREIGN KEY (\`user_id\`) REFERENCES \`user\`(\`id\`) ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE \`user_follow\` ADD CONSTRAINT \`fk_user_follow_from\` FOREIGN KEY (\`user_from\`) REFERENCES \`user\`(\`id\`) ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE \`user_follow\` ADD CONSTRAINT \`fk_user_follow_to\` FOREIGN KEY (\`user_to\`) REFERENCES \`user\`(\`id\`) ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE \`post\` ADD CONSTRAINT \`fk_post_user\` FOREIGN KEY (\`user\`) REFERENCES \`user\`(\`id\`) ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE \`post_like\` ADD CONSTRAINT \`fk_post_like_post\` FOREIGN KEY (\`post\`) REFERENCES \`post\`(\`id\`) ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE \`post_like\` ADD CONSTRAINT \`fk_post_like_user\` FOREIGN KEY (\`user\`) REFERENCES \`user\`(\`id\`) ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE \`post_like\` DROP FOREIGN KEY \`fk_post_like_user\``);
    await queryRunner.query(`ALTER TABLE \`post_like\` DROP FOREIGN KEY \`fk_post_like_post\``);
    await queryRunner.query(`ALTER TABLE \`post\` DROP FOREIGN KEY \`fk_post_user\``);
    await queryRunner.query(`ALTER TABLE \`user_follow\` DROP FOREIGN KEY \`fk_user_follow_to\``);
    await queryRunner.query(`ALTER TABLE \`user_follow\` DROP FOREIGN KEY \`fk_user_follow_from\``);
    await queryRunner.query(`ALTER TABLE \`auth\` DROP FOREIGN KEY \`fk_auth_user\``);
    await queryRunner.query(
      `ALTER TABLE \`auth_session\` DROP FOREIGN KEY \`fk_auth_session_user\``,
    );
    await queryRunner.query(`DROP INDEX \`uq_post_like_pair\` ON \`post_like\``);
    await queryRunner.query(`DROP INDEX \`idx_post_like_post_id\` ON \`post_like\``);
    await queryRunner.query(`DROP INDEX \`idx_post_like_user_id\` ON \`post_like\``);
    await queryRunner.query(`DROP TABLE \`post_like\``);
    await queryRunner.query(`DROP INDEX \`idx_post_user_id\` ON \`post\``);
    await queryRunner.query(`DROP TABLE \`post\``);
    await queryRunner.query(`DROP INDEX \`uq_user_follow_pair\` ON \`user_follow\``);
    await queryRunner.query(`DROP INDEX \`idx_user_follow_to_id\` ON \`user_follow\``);
    await queryRunner.query(`DROP INDEX \`idx_user_follow_from_id\` ON \`user_follow\``);
    await queryRunner.query(`DROP TABLE \`user_follow\``);
    await queryRunner.query(`DROP TABLE \`auth\``);
    await queryRunner.query(`DROP INDEX \`idx_auth_session_family\` ON \`auth_session\``);
    await queryRunner.query(`DROP INDEX \`idx_auth_session_user\` ON \`auth_session\``);
    await queryRunner.query(`DROP INDEX \`uq_auth_session_token_hash\` ON \`auth_session\``);
    await queryRunner.query(`DROP TABLE \`auth_session\``);
    await queryRunner.query(`DROP INDEX \`uq_user_username_lower\` ON \`user\``);
    await queryRunner.query(`DROP TABLE \`user\``);
  }
}
