import type { ObjectLiteral, Repository } from 'typeorm';

/**
 * For the few statements written by hand on hot paths (the feed, the caller's
 * own fields, the access-token check). TypeORM's find() builds its SQL and
 * hydrates entities anew on every call, which cost 40 to 170 µs of CPU a call
 * here, often more than the database spent answering (bench/README.md).
 *
 * Returns the entity's table, then the columns of the given properties, named as
 * the entity maps them and quoted for the database in use.
 */
export function sqlNames<T extends ObjectLiteral>(
  repository: Repository<T>,
  ...properties: (keyof T & string)[]
): string[] {
  const { metadata, manager } = repository;
  return [
    metadata.tableName,
    ...properties.map((property) => metadata.findColumnWithPropertyName(property)!.databaseName),
  ].map((name) => manager.connection.driver.escape(name));
}

/** `?, ?, ?` for a list of `count` values. */
export function placeholders(count: number): string {
  return Array.from({ length: count }, () => '?').join(', ');
}
