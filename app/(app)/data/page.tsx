import type { Metadata } from "next";
import { MarketDataWorkspace } from "@/components/market-data/market-data-workspace";
import { PageHeader } from "@/components/shell/page-header";
import { IMPORT_TIMEFRAMES } from "@/lib/market/csv-import/schemas";
import { importLimitBytes } from "@/lib/market/csv-import/service";

export const metadata: Metadata = { title: "Market data" };

export default function MarketDataPage() {
  return (
    <div data-testid="market-data" className="flex flex-col gap-4">
      <PageHeader
        title="Market data"
        description="The candles backtests read: what is stored, downloads from the market-data source, and your own CSV imports."
      />
      <MarketDataWorkspace timeframes={[...IMPORT_TIMEFRAMES]} maxImportBytes={importLimitBytes()} />
    </div>
  );
}
