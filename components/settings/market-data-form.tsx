"use client";

import { saveMarketDataAction } from "@/app/(app)/settings/actions";
import type { SettingsView } from "@/lib/settings/settings";
import { SectionIntro } from "./fields";
import { SecretField } from "./secret-field";
import { SaveRow, useSettingsForm } from "./settings-form";

export function MarketDataForm({ marketData }: { marketData: SettingsView["market_data"] }) {
  const { formRef, formAction, pending, error, errorsFor } = useSettingsForm(saveMarketDataAction, {
    successTitle: "Market data settings saved",
    failureTitle: "Market data settings not saved",
  });
  return (
    <form ref={formRef} action={formAction} noValidate className="flex flex-col gap-4" data-testid="market-data-form">
      <SectionIntro>
        Optional. Your CoinGecko key is used for market-overview requests made for you when this server has no CoinGecko key
        of its own.
      </SectionIntro>
      <SecretField
        field="market_data.coingecko_api_key"
        name="coingecko_api_key"
        label="CoinGecko API key"
        optional
        mask={marketData.coingecko_api_key}
        hint="Leave empty to keep the stored key."
        errors={errorsFor("coingecko_api_key")}
      />
      <SaveRow pending={pending} error={error?.message} label="Save market data" />
    </form>
  );
}
