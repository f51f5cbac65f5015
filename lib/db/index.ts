export { getDb, closeDb, openDatabase, migrateDatabase, schema, type Db, type Tx } from "./client";
