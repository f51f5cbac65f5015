import type { Metadata } from "next";
import { CompareView } from "@/components/backtests/compare-view";

export const metadata: Metadata = { title: "Compare backtests" };

type ComparePageProps = {
  searchParams: Promise<{ a?: string | string[]; b?: string | string[] }>;
};

const single = (value: string | string[] | undefined) => (typeof value === "string" && value !== "" ? value : null);

export default async function CompareBacktestsPage({ searchParams }: ComparePageProps) {
  const { a, b } = await searchParams;
  return <CompareView key={`${single(a)}|${single(b)}`} a={single(a)} b={single(b)} />;
}
