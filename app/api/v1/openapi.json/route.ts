import { buildOpenApiDocument } from "@/lib/http/openapi";
import { systemOps } from "@/lib/system/operations";
import { json, route } from "@/lib/http/route";

// GET /api/v1/openapi.json – the API's OpenAPI 3.1 document
export const GET = route(systemOps.openapi, async () => json(buildOpenApiDocument()));
