export type { LoadRunRecord, LoadStepRecord } from './load.ts';
export { MIGRATIONS, type Migration, migrate } from './migrations.ts';
export { resultKey } from './rows.ts';
export { isSecretKey, stripSecrets, toSafeJson } from './sanitize.ts';
export { DuckDbStore, openStore } from './store.ts';
export type * from './types.ts';
