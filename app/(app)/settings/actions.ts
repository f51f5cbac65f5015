"use server";

import { z } from "zod";
import { ValidationFailed } from "@/lib/errors";
import { userAction } from "@/lib/http/action";
import { fieldErrors } from "@/lib/http/errors";
import { testUserExchange, testUserNotification } from "@/lib/settings/checks";
import {
  checkbox,
  displayFromForm,
  exchangeFromForm,
  formFieldErrors,
  marketDataFromForm,
  notificationsFromForm,
  tradingFromForm,
  type FormFields,
} from "@/lib/settings/form-input";
import { settingsUpdateSchema, testNotificationSchema, type SettingsUpdate } from "@/lib/settings/schemas";
import { SECRET_FIELDS } from "@/lib/settings/secret-fields";
import { resetSettings, rotateWebhookSecret, updateSettings } from "@/lib/settings/settings";

type Group = keyof SettingsUpdate;

// The group forms validate inside the action, not in userAction's schema, so that errors can be
// renamed from wire paths ("trading.stop_loss_pct") to the form's own field names.
const anyForm = z.record(z.string(), z.unknown());

/** Validates with the API's schema and saves; results carry no values, secrets least of all. */
function saveGroup(group: Group, fromForm: (form: FormFields) => Record<string, unknown>) {
  return userAction(anyForm, async (auth, form, client) => {
    const parsed = settingsUpdateSchema.safeParse({ [group]: fromForm(form) });
    if (!parsed.success) throw new ValidationFailed(formFieldErrors(fieldErrors(parsed.error), group));
    try {
      await updateSettings(auth.user.id, parsed.data, client);
    } catch (error) {
      if (error instanceof ValidationFailed) throw new ValidationFailed(formFieldErrors(error.fields ?? {}, group), error.message);
      throw error;
    }
  });
}

export const saveExchangeAction = saveGroup("exchange", exchangeFromForm);
export const saveMarketDataAction = saveGroup("market_data", marketDataFromForm);
export const saveNotificationsAction = saveGroup("notifications", notificationsFromForm);
export const saveTradingAction = saveGroup("trading", tradingFromForm);
export const saveDisplayAction = saveGroup("display", displayFromForm);

export const removeSecretAction = userAction(
  z.object({ field: z.enum(SECRET_FIELDS, { error: "That is not a stored secret." }) }),
  async (auth, { field }, client) => {
    const [group, key] = field.split(".") as [Group, string];
    // Through the API's schema too, so the web form cannot remove anything PUT /settings could not.
    const update = settingsUpdateSchema.parse({ [group]: { [key]: null } });
    await updateSettings(auth.user.id, update, client);
  },
);

/** The only action whose result holds a secret: the new one, shown this once. */
export const generateWebhookSecretAction = userAction(z.object({}), async (auth, _input, client) => {
  const { secret } = await rotateWebhookSecret(auth.user.id, client);
  return { ok: true, data: { secret } };
});

/** Tests the stored keys; the outcome's message is already scrubbed of key material by lib. */
export const testExchangeAction = userAction(z.object({}), async (auth, _input, client) => {
  const outcome = await testUserExchange(auth.user.id, {}, client);
  return { ok: true, data: outcome };
});

export const testNotificationAction = userAction(testNotificationSchema, async (auth, { channel }, client) => {
  const outcome = await testUserNotification(auth.user.id, channel, client);
  return { ok: true, data: outcome };
});

export const resetSettingsAction = userAction(z.object({ include_secrets: z.literal("on").optional() }), async (auth, form, client) => {
  await resetSettings(auth.user.id, checkbox(form, "include_secrets"), client);
});
