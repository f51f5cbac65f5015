import type { LucideIcon } from "lucide-react";
import { Card, CardContent } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "./page-header";

type FeatureUnavailableProps = {
  title: string;
  description: string;
  icon: LucideIcon;
  /** What this page will show once its feature ships. */
  upcoming: string;
};

/** An honest placeholder for a section whose feature has not been built: no sample data. */
export function FeatureUnavailable({ title, description, icon, upcoming }: FeatureUnavailableProps) {
  return (
    <div data-testid="feature-unavailable">
      <PageHeader title={title} description={description} />
      <Card>
        <CardContent>
          <EmptyState icon={icon} title="Not yet available" description={upcoming} className="py-16" />
        </CardContent>
      </Card>
    </div>
  );
}
