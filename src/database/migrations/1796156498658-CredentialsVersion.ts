// A password change ends every session: access tokens carry the credentials
// version they were issued at, and one from an older version is refused.
import { type MigrationInterface, type QueryRunner } from 'typeorm';

export class CredentialsVersion1796156498658 implements MigrationInterface {
  name = 'CredentialsVersion1796156498658';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE \`auth\` ADD \`credentials_version\` int UNSIGNED NOT NULL DEFAULT '1'`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE \`auth\` DROP COLUMN \`credentials_version\``);
  }
}
