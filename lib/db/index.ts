export { getDb, closeDb, openDatabase, migrateDatabase, schema, type Db } from "./client";
