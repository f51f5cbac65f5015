import type { LucideIcon } from "lucide-react";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Badge } from "@/components/ui/badge";

type UnavailableWidgetProps = {
  title: string;
  icon: LucideIcon;
  /** One line on what this widget will show once its feature ships. */
  upcoming: string;
  className?: string;
};

export function UnavailableWidget({ title, icon, upcoming, className }: UnavailableWidgetProps) {
  return (
    <Card className={className}>
      <CardHeader>
        <CardTitle>{title}</CardTitle>
        <Badge variant="neutral">Not yet available</Badge>
      </CardHeader>
      <CardContent>
        <EmptyState icon={icon} title="Not yet available" description={upcoming} />
      </CardContent>
    </Card>
  );
}
