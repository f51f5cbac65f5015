import { FormSkeleton } from "@/components/strategies/form-skeleton";

export default function Loading() {
  return <FormSkeleton />;
}
