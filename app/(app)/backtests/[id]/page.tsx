import type { Metadata } from "next";
import { BacktestDetail } from "@/components/backtests/backtest-detail";

export const metadata: Metadata = { title: "Backtest" };

type BacktestPageProps = {
  params: Promise<{ id: string }>;
};

export default async function BacktestPage({ params }: BacktestPageProps) {
  const { id } = await params;
  // Keyed by id: moving to another run (a re-run) starts with fresh state.
  return <BacktestDetail key={id} id={id} />;
}
