import { noContent, route } from "@/lib/http/route";
import { importOps } from "@/lib/market/csv-import/operations";
import { deleteUserImport } from "@/lib/market/csv-import/service";

// DELETE /api/v1/market/imports/{id} – delete one of the caller's imports with its candles
export const DELETE = route(importOps.deleteImport, async ({ auth, params }) => {
  await deleteUserImport(auth.user.id, params.id);
  return noContent();
});
