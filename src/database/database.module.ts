import { Global, Module } from '@nestjs/common';
import { type ConfigType } from '@nestjs/config';
import { TypeOrmModule } from '@nestjs/typeorm';
import { databaseConfig } from '../config/database.config.js';
import { DataSource } from 'typeorm';
import { Dialect } from './dialect.js';
import { TransactionService } from './transaction.service.js';
import { typeOrmOptions } from './typeorm-options.js';

/** The TypeORM connection (migrations run at start-up on MySQL), the dialect and the transaction helper. */
@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [databaseConfig.KEY],
      useFactory: (config: ConfigType<typeof databaseConfig>) => ({
        ...typeOrmOptions(config),
        // Fail fast at boot instead of retrying for minutes; a process manager restarts us.
        retryAttempts: 0,
      }),
    }),
  ],
  providers: [
    { provide: Dialect, inject: [DataSource], useFactory: (db: DataSource) => new Dialect(db) },
    TransactionService,
  ],
  exports: [Dialect, TransactionService],
})
export class DatabaseModule {}
