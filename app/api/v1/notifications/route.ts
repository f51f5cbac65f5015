import { json, route } from "@/lib/http/route";
import { notificationOps } from "@/lib/notify/operations";
import { listUserNotifications } from "@/lib/notify/service";

// GET /api/v1/notifications – the caller's notification deliveries, newest first
export const GET = route(notificationOps.list, async ({ auth, query }) => json(await listUserNotifications(auth.user.id, query)));
