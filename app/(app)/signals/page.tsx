import type { Metadata } from "next";
import { PageHeader } from "@/components/shell/page-header";
import { SignalsView } from "@/components/signals/signals-view";

export const metadata: Metadata = { title: "Signals" };

type SignalsPageProps = {
  /** ?symbol=BTC/USDT opens that pair's chart (the dashboard widget links here). */
  searchParams: Promise<{ symbol?: string | string[] }>;
};

export default async function SignalsPage({ searchParams }: SignalsPageProps) {
  const { symbol } = await searchParams;
  const initial = typeof symbol === "string" && /^[A-Za-z0-9]{1,20}[/-][A-Za-z0-9]{1,20}$/.test(symbol) ? symbol.toUpperCase().replace("-", "/") : null;
  return (
    <div data-testid="signals-page">
      <PageHeader
        title="Signals"
        description="Explained buy and sell signals on the last closed candle of your default pairs, with entry, stop and target, and how often each strength band has actually worked. All times are UTC."
      />
      <SignalsView initialSymbol={initial} />
    </div>
  );
}
